package org.siprec.sip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javax.sip.SipFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** Header values read from messages the stack parsed off the wire, including the odd ones peers send. */
class SipHeadersTest {
    private static final String HEAD = "INVITE sip:bob@192.0.2.2 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-1\r\n"
            + "From: \"Alice\" <sip:alice@192.0.2.1>;tag=a1\r\n"
            + "To: <sip:bob@192.0.2.2>\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Max-Forwards: 70\r\n"
            + "Contact: <sip:alice@192.0.2.1>\r\n";

    private static Request request(String headers, String contentType, String body) throws Exception {
        MessageFactory factory = SipFactory.getInstance().createMessageFactory();
        String text = HEAD + headers
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + (body == null ? 0 : body.getBytes(UTF_8).length) + "\r\n\r\n"
                + (body == null ? "" : body);
        return factory.createRequest(text);
    }

    @Test
    void valueIsNullWhenAbsentEmptyWhenEmptyAndWholeOtherwise() throws Exception {
        Request r = request("Call-ID: c1@host\r\nX-Empty:\r\nX-Colons: a: b:c\r\nSession-ID: ab12;remote=cd34\r\n"
                + "X-Twice: one\r\nX-Twice: two\r\n", null, null);
        assertNull(SipHeaders.value(r, "X-Absent"));
        assertEquals("", SipHeaders.value(r, "X-Empty"));
        assertEquals("a: b:c", SipHeaders.value(r, "X-Colons"), "only the colon after the name separates");
        assertEquals("ab12;remote=cd34", SipHeaders.value(r, "session-id"), "names ignore case");
        assertEquals("one", SipHeaders.value(r, "X-Twice"));
        assertEquals(List.of("one", "two"), SipHeaders.values(r, "X-Twice"));
        assertEquals(List.of(), SipHeaders.values(r, "X-Absent"));
        assertEquals("<sip:bob@192.0.2.2>", SipHeaders.value(r, "To"));
    }

    @Test
    void compactNamesFindTheirHeaders() throws Exception {
        Request r = request("i: compact@host\r\nk: 100rel\r\n", null, null);
        assertEquals("compact@host", SipHeaders.value(r, "i"));
        assertEquals("compact@host", SipHeaders.callId(r));
        assertEquals("100rel", SipHeaders.value(r, "k"));
        assertTrue(SipHeaders.supports(r, "100rel"));
    }

    @Test
    void optionTagsSurviveEmptyAndListValues() throws Exception {
        // an empty Supported: made the embedded SRS fail with a NullPointerException (getOptionTag() is null)
        Request r = request("Call-ID: c2@host\r\nSupported:\r\nSupported: 100rel, timer\r\nSupported: SipRec\r\n"
                + "Require: siprec\r\n", null, null);
        assertEquals(List.of("100rel", "timer", "SipRec"), SipHeaders.optionTags(r, "Supported"));
        assertTrue(SipHeaders.supports(r, "timer"));
        assertTrue(SipHeaders.supports(r, "siprec"), "case is ignored");
        assertTrue(SipHeaders.requires(r, "SIPREC"));
        assertFalse(SipHeaders.requires(r, "100rel"), "supported is not required");
        assertFalse(SipHeaders.supports(r, "replaces"));
        assertEquals(List.of(), SipHeaders.optionTags(r, "Proxy-Require"));

        Request onlyEmpty = request("Call-ID: c3@host\r\nSupported:\r\nRequire: \r\n", null, null);
        assertEquals(List.of(), SipHeaders.optionTags(onlyEmpty, "Supported"));
        assertEquals(List.of(), SipHeaders.optionTags(onlyEmpty, "Require"));
        assertFalse(SipHeaders.supports(onlyEmpty, "100rel"));
        assertFalse(SipHeaders.supports(onlyEmpty, ""), "an empty tag is never supported");
    }

    @Test
    void bodyAndContentType() throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        Request withSdp = request("Call-ID: c4@host\r\n", "Application/SDP", sdp);
        assertTrue(SipHeaders.hasBody(withSdp));
        assertTrue(SipHeaders.isSdp(withSdp));
        assertEquals("Application/SDP", SipHeaders.contentType(withSdp));

        Request multipart = request("Call-ID: c5@host\r\n", "multipart/mixed;boundary=\"b 1\"",
                "--b 1\r\nContent-Type: application/sdp\r\n\r\n" + sdp + "--b 1--\r\n");
        assertFalse(SipHeaders.isSdp(multipart));
        assertTrue(SipHeaders.hasBody(multipart));
        assertEquals("multipart/mixed;boundary=\"b 1\"", SipHeaders.contentType(multipart));

        Request none = request("Call-ID: c6@host\r\n", null, null);
        assertFalse(SipHeaders.hasBody(none));
        assertFalse(SipHeaders.isSdp(none));
        assertNull(SipHeaders.contentType(none));
    }

    @Test
    void callIdOfRequestAndResponseAndNullWhenMissing() throws Exception {
        Request r = request("Call-ID: abc-123@192.0.2.1\r\n", null, null);
        assertEquals("abc-123@192.0.2.1", SipHeaders.callId(r));
        Response ok = SipFactory.getInstance().createMessageFactory().createResponse(200, r);
        assertEquals("abc-123@192.0.2.1", SipHeaders.callId(ok));
        r.removeHeader("Call-ID");
        assertNull(SipHeaders.callId(r));
    }

    @Test
    void firstUriOfAssertedIdentity() throws Exception {
        Request r = request("Call-ID: c7@host\r\n"
                + "P-Asserted-Identity: \"Smith, <J>\" <sip:+15551234@example.com;user=phone>, <tel:+15551234>\r\n",
                null, null);
        assertEquals("sip:+15551234@example.com;user=phone",
                SipHeaders.firstUri(SipHeaders.value(r, "P-Asserted-Identity")));
        assertEquals(List.of("sip:+15551234@example.com;user=phone", "tel:+15551234"),
                SipHeaders.values(r, "P-Asserted-Identity").stream().map(SipHeaders::firstUri).toList());
        assertEquals("sip:a@x", SipHeaders.firstUri("\"Alice\" <sip:a@x>, <tel:+1>"));
        assertEquals("tel:+1", SipHeaders.firstUri(" <tel:+1> , \"Alice\" <sip:a@x>"));
        assertEquals("sip:a@x", SipHeaders.firstUri("sip:a@x;tag=9"));
        assertNull(SipHeaders.firstUri(null));
        assertNull(SipHeaders.firstUri(""));
        assertNull(SipHeaders.firstUri("\"only a name\""));
        assertNull(SipHeaders.firstUri("<sip:unclosed@x"));
        assertNull(SipHeaders.firstUri("<>"));
    }
}
