package org.siprec.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionDescriptionEditorTest {
    private static final String OFFER = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 192.0.2.10",
            "s=-",
            "c=IN IP4 192.0.2.10",
            "t=0 0",
            "m=audio 49170 RTP/AVP 8 0 101",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=rtcp:49171",
            "a=candidate:1 1 UDP 2130706431 192.0.2.10 49170 typ host",
            "a=sendrecv",
            "m=video 0 RTP/AVP 96",
            "a=rtpmap:96 H264/90000",
            "") ;

    @Test
    void readsMediaLines() throws Exception {
        SessionDescriptionEditor sdp = SessionDescriptionEditor.parse(OFFER);
        assertEquals(2, sdp.media().size());
        SdpMedia audio = sdp.media().get(0);
        assertEquals("audio", audio.type());
        assertEquals(49170, audio.port());
        assertEquals("192.0.2.10", audio.address());
        assertEquals("sendrecv", audio.direction());
        assertEquals("PCMA", audio.codec());
        assertFalse(audio.onHold());
        assertEquals(0, sdp.media().get(1).port());
    }

    @Test
    void anchorsConnectionOriginAndPortsAndDropsPeerTransportAttributes() throws Exception {
        String out = SessionDescriptionEditor.parse(OFFER).anchoredTo("127.0.0.1", i -> 20000 + 2 * i);
        assertTrue(out.contains("c=IN IP4 127.0.0.1"), out);
        assertTrue(out.contains("o=alice 2890844526 2890844526 IN IP4 127.0.0.1"), out);
        assertTrue(out.contains("m=audio 20000 RTP/AVP 8 0 101"), out);
        assertTrue(out.contains("m=video 0 RTP/AVP 96"), "rejected stream stays rejected: " + out);
        assertFalse(out.contains("192.0.2.10"), out);
        assertFalse(out.contains("a=rtcp:"), out);
        assertFalse(out.contains("a=candidate"), out);
        assertTrue(out.contains("a=rtpmap:101 telephone-event/8000"), out);
        SessionDescriptionEditor reparsed = SessionDescriptionEditor.parse(out);
        assertEquals(20000, reparsed.media().get(0).port());
    }

    @Test
    void holdIsRecognisedAndKept() throws Exception {
        String hold = OFFER.replace("a=sendrecv", "a=sendonly");
        SdpMedia audio = SessionDescriptionEditor.parse(hold).media().get(0);
        assertTrue(audio.onHold());
        String oldStyle = OFFER.replace("c=IN IP4 192.0.2.10", "c=IN IP4 0.0.0.0");
        SessionDescriptionEditor sdp = SessionDescriptionEditor.parse(oldStyle);
        assertTrue(sdp.media().get(0).onHold());
        String out = sdp.anchoredTo("127.0.0.1", i -> 20000);
        assertTrue(out.contains("c=IN IP4 0.0.0.0"), "c=0.0.0.0 hold must survive anchoring: " + out);
        assertTrue(SessionDescriptionEditor.parse(hold).anchoredTo("127.0.0.1", i -> 1).contains("a=sendonly"));
    }

    @Test
    void mediaLevelConnectionOverridesSession() throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 10.0.0.2\r\n";
        SdpMedia audio = SessionDescriptionEditor.parse(sdp).media().get(0);
        assertEquals("10.0.0.2", audio.address());
        assertEquals("PCMU", audio.codec());
    }

    @Test
    void rejectsBodiesACallCannotUse() {
        assertThrows(InvalidSdpException.class, () -> SessionDescriptionEditor.parse(""));
        assertThrows(InvalidSdpException.class, () -> SessionDescriptionEditor.parse("hello world"));
        assertThrows(InvalidSdpException.class,
                () -> SessionDescriptionEditor.parse("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n"));
        InvalidSdpException noConnection = assertThrows(InvalidSdpException.class,
                () -> SessionDescriptionEditor.parse("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"));
        assertTrue(noConnection.getMessage().contains("connection"), noConnection.getMessage());
        assertThrows(InvalidSdpException.class,
                () -> SessionDescriptionEditor.parse("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio notaport RTP/AVP 0\r\n"));
    }
}
