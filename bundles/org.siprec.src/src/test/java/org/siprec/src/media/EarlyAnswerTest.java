package org.siprec.src.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.SessionDescriptionEditor;

/** The platform's own answer for an announcement in early media, from real SDP text (no sockets). */
class EarlyAnswerTest {
    private static final String OFFER = "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
            + "m=audio 5000 RTP/AVP 9 8 0 101\r\na=rtpmap:9 G722/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n";

    @Test
    void theFirstG711OfTheFirstAudioStreamIsAnsweredWithTelephoneEventAndTheOtherStreamsRejected() throws Exception {
        EarlyAnswer answer = EarlyAnswer.choose(SessionDescriptionEditor.parse(OFFER).media());
        assertEquals(1, answer.stream().index());
        assertEquals(8, answer.payloadType());
        String sdp = answer.sdp("127.0.0.1", 31000, 7);
        assertTrue(sdp.contains("m=video 0 RTP/AVP 96\r\n"), sdp);
        assertTrue(sdp.contains("m=audio 31000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\na=sendrecv\r\n"), sdp);
        // the platform's SDP is itself valid and says the same
        var media = SessionDescriptionEditor.parse(sdp).media();
        assertEquals(0, media.get(0).port());
        assertEquals(java.util.List.of("8", "101"), media.get(1).formats());
    }

    @Test
    void theCalleeIsOfferedOnlyTheAnsweredFormats() throws Exception {
        EarlyAnswer answer = EarlyAnswer.choose(SessionDescriptionEditor.parse(OFFER).media());
        String toCallee = answer.restrict(OFFER);
        assertTrue(toCallee.contains("m=video 4000 RTP/AVP 96\r\n"), toCallee);
        assertTrue(toCallee.contains("m=audio 5000 RTP/AVP 8 101\r\n"), toCallee);
    }

    @Test
    void anOfferWithoutG711CannotBeAnsweredEarly() throws Exception {
        String g722 = OFFER.replace("m=audio 5000 RTP/AVP 9 8 0 101", "m=audio 5000 RTP/AVP 9 101");
        InvalidSdpException e = assertThrows(InvalidSdpException.class,
                () -> EarlyAnswer.choose(SessionDescriptionEditor.parse(g722).media()));
        assertTrue(e.getMessage().contains("no G.711"), e.getMessage());
    }
}
