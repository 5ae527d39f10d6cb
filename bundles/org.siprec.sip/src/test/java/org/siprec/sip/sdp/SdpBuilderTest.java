package org.siprec.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpBuilderTest {
    private static final String CALL_OFFER = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 192.0.2.10",
            "s=-",
            "c=IN IP4 192.0.2.10",
            "t=0 0",
            "m=audio 49170 RTP/AVP 8 101",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=sendrecv",
            "");

    /** The SRC's recording-session offer: what RecordingSession.sdpOffer() wrote by StringBuilder, byte for byte. */
    @Test
    void writesTheSrcRecordingOfferAsBefore() throws Exception {
        SdpMedia call = SessionDescriptionEditor.parse(CALL_OFFER).media().get(0);
        SdpBuilder sdp = SdpBuilder.origin("siprec-src", 12345, 0, "127.0.0.1").sessionName("SIPREC")
                .connection("127.0.0.1");
        String[] labels = {"1", "2"};
        for (int i = 0; i < 2; i++) {
            sdp.media(call.type(), 20000 + 2 * i, call.proto()).formatFrom(call, call.formats().get(0))
                    .label(labels[i]).direction(SdpDirection.SENDONLY);
        }
        assertEquals(String.join("\r\n",
                "v=0",
                "o=siprec-src 12345 0 IN IP4 127.0.0.1",
                "s=SIPREC",
                "c=IN IP4 127.0.0.1",
                "t=0 0",
                "m=audio 20000 RTP/AVP 8",
                "a=rtpmap:8 PCMA/8000",
                "a=label:1",
                "a=sendonly",
                "m=audio 20002 RTP/AVP 8",
                "a=rtpmap:8 PCMA/8000",
                "a=label:2",
                "a=sendonly",
                ""), sdp.build());
    }

    /** The SRS's answer: what SdpOffer.answer() wrote by StringBuilder, byte for byte. */
    @Test
    void writesTheSrsAnswerAsBefore() throws Exception {
        String offer = String.join("\r\n",
                "v=0", "o=siprec-src 1 1 IN IP4 192.0.2.1", "s=SIPREC", "c=IN IP4 192.0.2.1", "t=0 0",
                "m=audio 30000 RTP/AVP 0 101", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16",
                "a=label:1", "a=sendonly",
                "m=video 30002 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=label:2", "a=sendonly", "");
        List<SdpMedia> offered = SessionDescriptionEditor.parse(offer).media();
        SdpMedia audio = offered.get(0);
        SdpMedia video = offered.get(1);

        SdpBuilder answer = SdpBuilder.origin("siprec-srs", 77, 1, "10.1.2.3").sessionName("siprec-srs")
                .connection("10.1.2.3");
        SdpBuilder.MediaLine recorded = answer.media(audio.type(), 40000, audio.proto());
        for (String pt : audio.formats()) {
            recorded.formatFrom(audio, pt);
        }
        recorded.label(audio.label()).direction(SdpDirection.of(audio.direction()).reversed());
        answer.media(video.type(), 0, video.proto()).format(video.formats().get(0)).label(video.label())
                .direction(SdpDirection.INACTIVE);

        assertEquals(String.join("\r\n",
                "v=0",
                "o=siprec-srs 77 1 IN IP4 10.1.2.3",
                "s=siprec-srs",
                "c=IN IP4 10.1.2.3",
                "t=0 0",
                "m=audio 40000 RTP/AVP 0 101",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-16",
                "a=label:1",
                "a=recvonly",
                "m=video 0 RTP/AVP 96",
                "a=label:2",
                "a=inactive",
                ""), answer.build());
    }

    /** The test call's offer: what TestCallAgent.sdp() wrote by string concatenation, byte for byte. */
    @Test
    void writesTheTestCallOfferAsBefore() {
        SdpBuilder sdp = SdpBuilder.origin("caller", 1700000000, 1700000000, "127.0.0.1")
                .sessionName("siprec test call").connection("127.0.0.1");
        sdp.media("audio", 31000, "RTP/AVP").format("0", RtpMap.ofStaticType("0")).attribute("ptime", "20")
                .direction(SdpDirection.SENDRECV);
        assertEquals("v=0\r\n"
                + "o=caller 1700000000 1700000000 IN IP4 127.0.0.1\r\n"
                + "s=siprec test call\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio 31000 RTP/AVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n", sdp.build());
    }

    @Test
    void keepsTheRealClockRateAndChannels() throws Exception {
        String offer = CALL_OFFER.replace("RTP/AVP 8 101", "RTP/AVP 111 9")
                .replace("a=rtpmap:101", "a=rtpmap:111 opus/48000/2\r\na=rtpmap:101")
                .replace("a=fmtp:101 0-15", "a=fmtp:111 useinbandfec=1");
        SdpMedia call = SessionDescriptionEditor.parse(offer).media().get(0);
        SdpBuilder sdp = SdpBuilder.origin("siprec-src", 1, 1, "127.0.0.1").connection("127.0.0.1");
        sdp.media("audio", 20000, "RTP/AVP").formatFrom(call, "111").formatFrom(call, "9");
        String text = sdp.build();
        assertTrue(text.contains("a=rtpmap:111 opus/48000/2\r\n"), text);
        assertTrue(text.contains("a=fmtp:111 useinbandfec=1\r\n"), text);
        assertTrue(text.contains("a=rtpmap:9 G722/8000\r\n"), text);
        assertTrue(text.contains("s=-\r\n"), "the session name defaults to -: " + text);
    }

    @Test
    void whatIsBuiltParsesBackFieldForField() throws Exception {
        SdpBuilder sdp = SdpBuilder.origin("-", 9, 3, "2001:db8::1").sessionName("round trip")
                .connection("2001:db8::1");
        sdp.media("audio", 5004, "RTP/AVP")
                .format("96", new RtpMap("opus", 48000, 2), "stereo=1")
                .format("101", new RtpMap("telephone-event", 48000, 1), "0-15")
                .format("0")
                .label("a-leg")
                .attribute("ptime", "20")
                .direction(SdpDirection.RECVONLY);
        sdp.media("audio", 5006, "RTP/AVP").format("8").connection("192.0.2.7").direction(SdpDirection.INACTIVE);
        String text = sdp.build();
        assertTrue(text.contains("o=- 9 3 IN IP6 2001:db8::1\r\n"), text);
        assertTrue(text.contains("a=ptime:20\r\n"), text);
        assertTrue(text.endsWith("\r\n") && !text.replace("\r\n", "").contains("\n"), "every line ends in CRLF");

        List<SdpMedia> media = SessionDescriptionEditor.parse(text).media();
        assertEquals(2, media.size());
        SdpMedia first = media.get(0);
        assertEquals(5004, first.port());
        assertEquals("2001:db8::1", first.address());
        assertEquals("RTP/AVP", first.proto());
        assertEquals(List.of("96", "101", "0"), first.formats());
        assertEquals(new RtpMap("opus", 48000, 2), first.rtpmap("96"));
        assertEquals(new RtpMap("telephone-event", 48000, 1), first.rtpmap("101"));
        assertEquals(new RtpMap("PCMU", 8000, 1), first.rtpmap("0"));
        assertEquals("stereo=1", first.fmtp("96"));
        assertEquals("0-15", first.fmtp("101"));
        assertEquals("a-leg", first.label());
        assertEquals("recvonly", first.direction());
        assertEquals("opus", first.codec());
        SdpMedia second = media.get(1);
        assertEquals("192.0.2.7", second.address(), "media-level c= wins");
        assertEquals("inactive", second.direction());
        assertNull(second.label());
        assertEquals("PCMA", second.codec());
    }

    @Test
    void refusesValuesThatWouldBreakTheBody() {
        SdpBuilder sdp = SdpBuilder.origin("u", 1, 1, "10.0.0.1");
        SdpBuilder.MediaLine line = sdp.media("audio", 4000, "RTP/AVP").format("0");
        assertThrows(IllegalArgumentException.class, () -> line.label("1\r\na=sendrecv"));
        assertThrows(IllegalArgumentException.class, () -> line.label(" "));
        assertThrows(IllegalArgumentException.class, () -> line.format("0"), "duplicate payload type");
        assertThrows(IllegalArgumentException.class, () -> line.format("1 2"));
        assertThrows(IllegalArgumentException.class, () -> line.format("97", null, "x\nm=video 1 RTP/AVP 0"));
        assertThrows(IllegalArgumentException.class, () -> line.attribute("ptime", "20\r\n"));
        assertThrows(IllegalArgumentException.class, () -> sdp.media("audio", 65536, "RTP/AVP"));
        assertThrows(IllegalArgumentException.class, () -> sdp.media("audio", -1, "RTP/AVP"));
        assertThrows(IllegalArgumentException.class, () -> sdp.media("", 4000, "RTP/AVP"));
        assertThrows(IllegalArgumentException.class, () -> sdp.connection("10.0.0.1 evil"));
        assertThrows(IllegalArgumentException.class, () -> sdp.sessionName("a\r\nb"));
        assertThrows(IllegalArgumentException.class, () -> SdpBuilder.origin("a user", 1, 1, "10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> SdpBuilder.origin("u", -1, 1, "10.0.0.1"));

        SdpBuilder empty = SdpBuilder.origin("u", 1, 1, "10.0.0.1");
        empty.media("audio", 0, "RTP/AVP");
        IllegalStateException e = assertThrows(IllegalStateException.class, empty::build);
        assertTrue(e.getMessage().contains("no payload type"), e.getMessage());
    }
}
