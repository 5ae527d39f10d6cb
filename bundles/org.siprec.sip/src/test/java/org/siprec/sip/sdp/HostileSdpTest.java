package org.siprec.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever a peer sends as SDP, reading it ends in media lines or an InvalidSdpException with a reason. */
class HostileSdpTest {
    private static final String VALID = String.join("\r\n",
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
            "m=audio 30002 RTP/AVP 111",
            "a=rtpmap:111 opus/48000/2",
            "a=label:2",
            "");

    @Test
    void garbledBodiesGiveInvalidSdpExceptionWithAReason() {
        List<String> hostile = List.of(
                "",
                "   \r\n",
                "\u0000\u0001\u0002",
                "v=0",
                "v=0\r\no=\r\n",
                "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n",
                "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 99999999999 RTP/AVP 0\r\n",
                "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n",
                "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio -5 RTP/AVP 0\r\n",
                "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=\r\n",
                "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio\r\n",
                "v=0\r\no=a x y IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n",
                "v=0\r\nx=garbage\r\nm=audio 4000 RTP/AVP 0\r\n",
                "v=0\r\n" + "a=x\r\n".repeat(20000),
                "<?xml version=\"1.0\"?><recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"/>",
                VALID.substring(0, VALID.indexOf("m=")));
        for (String body : hostile) {
            expectReasonOrMedia(body);
        }
    }

    @Test
    void theReasonNamesTheLineAndIsSafeToEcho() {
        String base = "v=0\r\no=a 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n";
        assertReason(base + "m=audio 99999999999 RTP/AVP 0\r\n", "SDP line 6 (m=audio 99999999999 RTP/AVP 0)");
        assertReason(base + "m=audio 70000 RTP/AVP 0\r\n", "port above 65535");
        assertReason(base + "m=audio notaport RTP/AVP 0\r\n", "SDP line 6 (m=audio notaport");
        assertReason(base + "m=audio 4000 RTP/AVP 0\r\nA=upper\r\n", "SDP line 7 (A=upper) is not type=value");
        assertReason(base + "m=audio 4000 RTP/AVP 0\r\na=x\u0000y\r\n", "SDP line 7 (a=x?y) holds a NUL");
        assertReason(base.replace("o=a 1 1 IN IP4 1.2.3.4", "o=a 1 1 IN IP4") + "m=audio 4000 RTP/AVP 0\r\n",
                "SDP line 2 (o=a 1 1 IN IP4) is not o=");
        assertReason(base.replace("o=a 1 1 IN IP4 1.2.3.4", "o=a 1 1 IN IP4 %%%") + "m=audio 4000 RTP/AVP 0\r\n",
                "SDP line 2 (o=a 1 1 IN IP4 %%%) is not o=");
        assertReason(base + "m=audio 4000 RTP/AVP 0\r\na=label:\"" + "x".repeat(200) + "\r\nz\r\n",
                "SDP line 8 (z)");
        InvalidSdpException e = assertThrows(InvalidSdpException.class,
                () -> SessionDescriptionEditor.parse(base + "m=audio 4000 RTP/AVP 0\r\nq\"" + "y".repeat(200) + "\r\n"));
        assertTrue(e.getMessage().length() < 120, "the excerpt is short: " + e.getMessage());
        assertFalse(e.getMessage().contains("\""), "no quote that would end a Warning header's text");
    }

    private static void assertReason(String body, String expected) {
        InvalidSdpException e = assertThrows(InvalidSdpException.class, () -> SessionDescriptionEditor.parse(body));
        assertTrue(e.getMessage().contains(expected), "expected \"" + expected + "\" in: " + e.getMessage());
    }

    /**
     * Seeded mutations of a valid offer (bytes replaced, lines cut, dropped or doubled, digits stretched): each is
     * read or refused with InvalidSdpException, never another exception, and quickly.
     */
    @Test
    void mutatedOffersNeverThrowAnythingElse() {
        Random random = new Random(4566);
        int[] read = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 3000; i++) {
                if (expectReasonOrMedia(mutate(VALID, random))) {
                    read[0]++;
                }
            }
        });
        // both outcomes are exercised, or the mutations prove nothing
        assertTrue(read[0] > 300 && read[0] < 2700, read[0] + " of 3000 mutated offers were read");
    }

    /** @return whether the body was read (true) or refused with a reason (false) */
    private static boolean expectReasonOrMedia(String body) {
        try {
            List<SdpMedia> media = SessionDescriptionEditor.parse(body).media();
            assertFalse(media.isEmpty(), "a parsed body has media lines");
            for (SdpMedia m : media) {
                assertNotNull(m.proto());
                for (String pt : m.formats()) {
                    m.rtpmap(pt);
                    m.fmtp(pt);
                }
            }
            return true;
        } catch (InvalidSdpException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank(), "the reason is said");
            return false;
        } catch (RuntimeException | Error e) {
            return fail("reading " + printable(body) + " threw " + e, e);
        }
    }

    private static String mutate(String text, Random random) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(6)) {
                case 0 -> sb.setCharAt(at, (char) random.nextInt(128));
                case 1 -> sb.deleteCharAt(at);
                case 2 -> sb.insert(at, "9".repeat(1 + random.nextInt(20)));
                case 3 -> sb.insert(at, new String[] {" ", "/", ":", "\r\n", "=", "\u0000", "-", "\n"}[random.nextInt(8)]);
                case 4 -> {
                    int end = sb.indexOf("\n", at);
                    sb.delete(at, end < 0 ? sb.length() : end);
                }
                default -> {
                    int start = sb.lastIndexOf("\n", at) + 1;
                    int end = sb.indexOf("\n", at);
                    String line = sb.substring(start, end < 0 ? sb.length() : end + 1);
                    sb.insert(start, line);
                }
            }
        }
        return sb.toString();
    }

    private static String printable(String body) {
        String shown = body.length() > 300 ? body.substring(0, 300) + "..." : body;
        return "\"" + shown.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0") + "\"";
    }
}
