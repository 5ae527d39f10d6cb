package org.siprec.srs.embedded.internal;

import org.siprec.sip.body.Multipart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartTest {
    private static final String SDP = "v=0\r\no=src 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\na=label:1\r\na=sendonly\r\n";
    private static final String XML = "<?xml version=\"1.0\"?>\r\n<recording xmlns=\"urn:ietf:params:xml:ns:recording:1\"><datamode>complete</datamode></recording>";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyWithMorePartsThanTheLimitIsRefusedWithTheReason() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i <= Multipart.MAX_PARTS; i++) {
            body.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        body.append("--b--\r\n");
        // EmbeddedSrs answers an IllegalArgumentException from RsBody with 400 and the message as the Warning
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RsBody.of("multipart/mixed;boundary=b", bytes(body.toString())));
        assertEquals("multipart body with more than 16 parts", e.getMessage());
        String sixteen = body.substring(body.indexOf("--b\r\n", 1));
        assertEquals(Multipart.MAX_PARTS, Multipart.parse("multipart/mixed;boundary=b", bytes(sixteen)).size());
    }

    @Test
    void crlfQuotedBoundaryWithPreambleAndEpilogue() {
        String body = "preamble to ignore\r\n--OSS-unique-boundary-42\r\nContent-Type: application/sdp\r\n\r\n" + SDP
                + "\r\n--OSS-unique-boundary-42\r\nContent-Type: application/rs-metadata+xml\r\n"
                + "Content-Disposition: recording-session\r\n\r\n" + XML + "\r\n--OSS-unique-boundary-42--\r\nepilogue\r\n";
        List<Multipart.Part> parts = Multipart.parse("multipart/mixed; boundary=\"OSS-unique-boundary-42\"", bytes(body));
        assertEquals(2, parts.size());
        assertEquals("application/sdp", parts.get(0).mediaType());
        assertEquals(SDP, parts.get(0).text(), "the CRLF before the delimiter belongs to the delimiter");
        assertEquals("application/rs-metadata+xml", parts.get(1).mediaType());
        assertEquals("recording-session", parts.get(1).disposition());
        assertEquals(XML, parts.get(1).text());
    }

    @Test
    void lfOnlyUnquotedBoundaryAnyOrderAndExtraParts() {
        String body = "--b1\nContent-Type: application/rs-metadata\n\n" + XML.replace("\r\n", "\n")
                + "\n--b1\nContent-Type: text/plain\n\nhello\n--b1\nContent-Type: APPLICATION/SDP;charset=utf-8\n\n"
                + SDP.replace("\r\n", "\n") + "\n--b1--\n";
        List<Multipart.Part> parts = Multipart.parse("Multipart/Mixed;boundary=b1", bytes(body));
        assertEquals(3, parts.size());
        RsBody rs = RsBody.of("multipart/mixed;boundary=b1", bytes(body));
        assertNotNull(rs.sdp());
        assertTrue(rs.sdp().startsWith("v=0\n"));
        assertArrayEquals(bytes(XML.replace("\r\n", "\n")), rs.metadata());
    }

    @Test
    void boundaryPrefixInsideContentIsNotADelimiter() {
        String body = "--abc\r\nContent-Type: text/plain\r\n\r\n--abcdef is text\r\n--abc--";
        List<Multipart.Part> parts = Multipart.parse("multipart/mixed;boundary=abc", bytes(body));
        assertEquals(1, parts.size());
        assertEquals("--abcdef is text", parts.get(0).text());
    }

    @Test
    void missingCloseDelimiterAndFoldedHeaderTolerated() {
        String body = "--x\r\nContent-Type:\r\n application/sdp\r\n\r\n" + SDP + "\r\n";
        List<Multipart.Part> parts = Multipart.parse("multipart/mixed;boundary=x", bytes(body));
        assertEquals(1, parts.size());
        assertEquals("application/sdp", parts.get(0).mediaType());
        assertEquals(SDP.trim(), parts.get(0).text().trim());
    }

    @Test
    void boundaryParameterAmongOthersAndEscapedQuotes() {
        assertEquals("a b;c", Multipart.parameter("multipart/mixed; charset=x; boundary=\"a b;c\"; foo=bar", "BOUNDARY"));
        assertEquals("bar", Multipart.parameter("multipart/mixed; boundary=\"a\\\"q\"; foo=bar", "foo"));
        assertNull(Multipart.parameter("multipart/mixed", "boundary"));
    }

    @Test
    void refusesMultipartWithoutBoundaryOrDelimiter() {
        assertThrows(IllegalArgumentException.class, () -> Multipart.parse("multipart/mixed", bytes("x")));
        assertThrows(IllegalArgumentException.class, () -> Multipart.parse("multipart/mixed;boundary=zz", bytes("no parts here")));
    }

    @Test
    void bareBodies() {
        assertEquals(SDP, RsBody.of("application/sdp", bytes(SDP)).sdp());
        assertNull(RsBody.of("application/sdp", bytes(SDP)).metadata());
        assertArrayEquals(bytes(XML), RsBody.of("application/rs-metadata+xml", bytes(XML)).metadata());
        assertNull(RsBody.of(null, new byte[0]).sdp());
    }

    @Test
    void contactMarkers() {
        assertTrue(RsBody.contactMarksSrc("Contact: <sip:src@10.0.0.1>;+sip.src"));
        assertTrue(RsBody.contactMarksSrc("Contact: <sip:src@10.0.0.1>;src;expires=3"));
        assertTrue(RsBody.contactMarksSrc("Contact: <sip:a@b>; +SIP.SRC"));
        assertEquals(false, RsBody.contactMarksSrc("Contact: <sip:src@10.0.0.1>;srcport=4"));
        assertEquals(false, RsBody.contactMarksSrc("Contact: <sip:src@10.0.0.1>"));
    }
}
