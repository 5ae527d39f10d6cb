package org.siprec.sip.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.siprec.sip.body.Multipart;
import org.siprec.sip.body.TooManyPartsException;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.SessionDescriptionEditor;
import org.siprec.sip.sdp.TooManyMediaException;

/** The parsers' size limits: the most multipart parts and SDP m= lines, refused early with a clear reason. */
class ParserLimitsTest {
    private static final String HEAD = "v=0\r\no=a 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

    private static String sdp(int mediaLines) {
        return HEAD + "m=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n".repeat(mediaLines);
    }

    private static byte[] multipart(int parts) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            body.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        return body.append("--b--\r\n").toString().getBytes(UTF_8);
    }

    @Test
    void sixtyFourMediaLinesAreReadTheSixtyFifthIsRefused() throws Exception {
        assertEquals(64, SessionDescriptionEditor.MAX_MEDIA);
        assertEquals(64, SessionDescriptionEditor.parse(sdp(64)).media().size());
        TooManyMediaException e = assertThrows(TooManyMediaException.class, () -> SessionDescriptionEditor.parse(sdp(65)));
        assertEquals("SDP with more than 64 m= lines", e.getMessage());
        assertEquals(64, e.limit());
        InvalidSdpException asInvalid = e; // callers answer it as any unusable SDP (488 with a Warning)
        assertEquals(e, asInvalid);
    }

    @Test
    void theMediaLimitCanBeChosenByTheCaller() throws Exception {
        assertEquals(3, SessionDescriptionEditor.parse(sdp(3), 3).media().size());
        assertThrows(TooManyMediaException.class, () -> SessionDescriptionEditor.parse(sdp(4), 3));
        assertThrows(IllegalArgumentException.class, () -> SessionDescriptionEditor.parse(sdp(1), 0));
    }

    @Test
    void aHugeSdpIsRefusedAtTheFirstMediaLineBeyondTheLimitQuickly() {
        String huge = sdp(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> assertThrows(TooManyMediaException.class, () -> SessionDescriptionEditor.parse(huge)));
    }

    @Test
    void sixteenPartsAreSplitTheSeventeenthIsRefused() {
        assertEquals(16, Multipart.MAX_PARTS);
        assertEquals(16, Multipart.parse("multipart/mixed;boundary=b", multipart(16)).size());
        TooManyPartsException e = assertThrows(TooManyPartsException.class,
                () -> Multipart.parse("multipart/mixed;boundary=b", multipart(17)));
        assertEquals("multipart body with more than 16 parts", e.getMessage());
        IllegalArgumentException asIllegal = e; // callers that refuse unusable bodies refuse it too
        assertEquals(e, asIllegal);
        assertEquals(2, Multipart.parse("multipart/mixed;boundary=b", multipart(2), 2).size());
        assertThrows(TooManyPartsException.class, () -> Multipart.parse("multipart/mixed;boundary=b", multipart(3), 2));
    }

    @Test
    void aHugeMultipartIsRefusedQuickly() {
        byte[] huge = multipart(300_000);
        assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> assertThrows(TooManyPartsException.class, () -> Multipart.parse("multipart/mixed;boundary=b", huge)));
    }
}
