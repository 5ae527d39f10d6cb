package org.siprec.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link SdpMedia} tells of an m= line beyond port and address: proto, label, rtpmap, fmtp. */
class SdpMediaAttributesTest {
    /** An SRC's recording-session offer as a real SRC sends it: G.722 with DTMF events, opus stereo, labels. */
    private static final String RS_OFFER = String.join("\r\n",
            "v=0",
            "o=src 1 1 IN IP4 192.0.2.1",
            "s=SIPREC",
            "c=IN IP4 192.0.2.1",
            "t=0 0",
            "m=audio 30000 RTP/AVP 9 101",
            "a=rtpmap:9 G722/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=label:1",
            "a=sendonly",
            "m=audio 30002 RTP/AVP 111 8 0",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=label:caller-leg 2",
            "a=sendonly",
            "m=image 30004 udptl t38",
            "a=label:3",
            "");

    @Test
    void readsProtoLabelRtpmapAndFmtpOfEachStream() throws Exception {
        List<SdpMedia> media = SessionDescriptionEditor.parse(RS_OFFER).media();
        assertEquals(3, media.size());

        SdpMedia g722 = media.get(0);
        assertEquals("RTP/AVP", g722.proto());
        assertEquals("1", g722.label());
        assertEquals(List.of("9", "101"), g722.formats());
        assertEquals(new RtpMap("G722", 8000, 1), g722.rtpmap("9"));
        assertEquals(new RtpMap("telephone-event", 8000, 1), g722.rtpmap("101"));
        assertTrue(g722.rtpmap("101").isEncoding("TELEPHONE-EVENT"));
        assertEquals("0-15", g722.fmtp("101"));
        assertNull(g722.fmtp("9"));
        assertEquals("G722", g722.codec());
        assertEquals("sendonly", g722.direction());

        SdpMedia opus = media.get(1);
        assertEquals("caller-leg 2", opus.label(), "the label is the whole attribute value");
        RtpMap stereo = opus.rtpmap("111");
        assertEquals("opus", stereo.encoding());
        assertEquals(48000, stereo.clockRate());
        assertEquals(2, stereo.channels());
        assertEquals("opus/48000/2", stereo.toString());
        assertEquals("minptime=10;useinbandfec=1", opus.fmtp("111"));
        assertEquals("opus", opus.codec());
        assertEquals(Map.of("111", stereo), opus.rtpmaps(), "rtpmaps() holds what is written, nothing static");
        assertEquals(new RtpMap("PCMA", 8000, 1), opus.rtpmap("8"), "static payload type without a=rtpmap");
        assertEquals(new RtpMap("PCMU", 8000, 1), opus.rtpmap("0"));
        assertNull(opus.rtpmap("96"), "a dynamic type nobody described");

        SdpMedia fax = media.get(2);
        assertEquals("udptl", fax.proto());
        assertFalse(fax.isRtp());
        assertEquals("3", fax.label());
        assertNull(fax.rtpmap("t38"));
        assertNull(fax.codec());
    }

    @Test
    void staticTypesOnlyOnRtpLines() throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/SAVP 0\r\nm=application 4002 UDP/BFCP 0\r\n";
        List<SdpMedia> media = SessionDescriptionEditor.parse(sdp).media();
        assertEquals("PCMU", media.get(0).codec());
        assertTrue(media.get(0).isRtp());
        assertNull(media.get(1).rtpmap("0"), "format 0 of a non-RTP line is no payload type");
        assertNull(media.get(1).codec());
    }

    @Test
    void missingOrEmptyLabelIsNullAndMalformedRtpmapsAreLeftOut() throws Exception {
        String sdp = String.join("\r\n",
                "v=0", "o=- 1 1 IN IP4 10.0.0.1", "s=-", "c=IN IP4 10.0.0.1", "t=0 0",
                "m=audio 4000 RTP/AVP 96 97 98 99 8",
                "a=rtpmap:96 telephone-event",
                "a=rtpmap:97 opus/fast/2",
                "a=rtpmap:98",
                "a=rtpmap:99 AMR/8000/0",
                "a=rtpmap:8 PCMA/8000",
                "a=rtpmap:8 PCMU/8000",
                "a=fmtp:96",
                "a=label:",
                "m=audio 4002 RTP/AVP 0",
                "");
        List<SdpMedia> media = SessionDescriptionEditor.parse(sdp).media();
        SdpMedia first = media.get(0);
        assertEquals(Map.of("8", new RtpMap("PCMA", 8000, 1)), first.rtpmaps(),
                "no clock rate, non-numeric rate, no value, zero channels: left out; the first of two rtpmaps wins");
        assertNull(first.rtpmap("96"));
        assertNull(first.codec(), "the first payload type has no usable rtpmap");
        assertTrue(first.fmtps().isEmpty());
        assertNull(first.label());
        assertNull(media.get(1).label());
    }

    @Test
    void sevenFieldConstructorStillWorks() {
        SdpMedia m = new SdpMedia(0, "audio", 4000, "10.0.0.1", "sendrecv", List.of("8"), "PCMA");
        assertEquals("RTP/AVP", m.proto());
        assertNull(m.label());
        assertEquals(new RtpMap("PCMA", 8000, 1), m.rtpmap("8"));
        assertTrue(m.fmtps().isEmpty());
    }

    @Test
    void rtpmapTextIsChecked() {
        assertEquals(new RtpMap("G722", 8000, 1), RtpMap.parse("G722/8000"));
        assertEquals(new RtpMap("L16", 44100, 2), RtpMap.parse(" L16/44100/2 "));
        assertEquals("PCMU/8000", RtpMap.parse("PCMU/8000/1").toString(), "one channel is the default, unsaid");
        assertEquals(new RtpMap("G722", 8000, 1), RtpMap.ofStaticType("9"), "G.722's RTP clock is 8000");
        assertNull(RtpMap.ofStaticType("101"));
        for (String bad : new String[] {"PCMU", "PCMU/", "PCMU/x", "/8000", "PCMU/8000/2/1", "PCMU/-8000",
                "PC MU/8000", "PCMU/8000/0", "PCMU/99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RtpMap.parse(bad), bad);
            assertTrue(e.getMessage().contains("rtpmap"), e.getMessage());
        }
    }

    @Test
    void directionsReadBothWays() {
        assertEquals(SdpDirection.SENDONLY, SdpDirection.of("sendonly"));
        assertEquals(SdpDirection.INACTIVE, SdpDirection.of("Inactive"));
        assertEquals("recvonly", SdpDirection.SENDONLY.reversed().attribute());
        assertEquals(SdpDirection.SENDRECV, SdpDirection.SENDRECV.reversed());
        assertTrue(SdpDirection.SENDONLY.sends());
        assertFalse(SdpDirection.SENDONLY.receives());
        assertFalse(SdpDirection.INACTIVE.sends());
        assertThrows(IllegalArgumentException.class, () -> SdpDirection.of("sideways"));
        assertThrows(IllegalArgumentException.class, () -> SdpDirection.of(null));
    }
}
