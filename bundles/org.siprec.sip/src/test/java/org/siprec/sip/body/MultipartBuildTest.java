package org.siprec.sip.body;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartBuildTest {
    @Test
    void whatIsBuiltParsesBackPartForPart() {
        byte[] body = Multipart.build("b-42", List.of(
                Multipart.part("application/sdp", null, "v=0\r\n".getBytes(UTF_8)),
                Multipart.part("application/rs-metadata+xml", "recording-session", "<recording/>".getBytes(UTF_8))));
        String text = new String(body, UTF_8);
        assertTrue(text.startsWith("--b-42\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n"), text);
        assertTrue(text.contains("Content-Disposition: recording-session\r\n"), text);
        assertTrue(text.endsWith("--b-42--\r\n"), text);
        List<Multipart.Part> parts = Multipart.parse("multipart/mixed;boundary=b-42", body);
        assertEquals(2, parts.size());
        assertEquals("v=0\r\n", parts.get(0).text());
        assertEquals("application/rs-metadata+xml", parts.get(1).mediaType());
        assertEquals("recording-session", parts.get(1).disposition());
        assertEquals("<recording/>", parts.get(1).text());
    }
}
