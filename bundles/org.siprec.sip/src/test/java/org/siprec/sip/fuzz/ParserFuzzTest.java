package org.siprec.sip.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import javax.sip.header.Header;
import org.junit.jupiter.api.Test;
import org.siprec.sip.NameAddr;
import org.siprec.sip.SipHeaders;
import org.siprec.sip.body.Multipart;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.sip.sdp.SessionDescriptionEditor;
import org.siprec.testsupport.fuzz.Gen;
import org.siprec.testsupport.fuzz.Mutation;
import org.siprec.testsupport.fuzz.Tries;

/**
 * Property-based fuzzing of the platform's own input paths in this bundle: whatever a peer sends, each parser either
 * gives a usable result or throws its documented exception (SDP: {@link InvalidSdpException}; multipart:
 * {@link IllegalArgumentException}; the RI's message parser: {@link ParseException}); never a
 * NullPointerException, IndexOutOfBoundsException, NumberFormatException or the like. Inputs are valid messages
 * garbled by up to six {@link Mutation}s; every property is seeded ({@link Tries}), so a run is repeatable.
 */
class ParserFuzzTest {
    private static final int TRIES = 1000;

    private static final Gen<List<Mutation>> MUTATIONS = Mutation.some(6);

    /** Mutations and a flag (mutate the Content-Type too; a response rather than a request). */
    private record Mutations(List<Mutation> mutations, boolean flag) {
    }

    private static final Gen<Mutations> MUTATIONS_AND_FLAG = Gen.combine(MUTATIONS, Gen.booleans(), Mutations::new);

    /** A header sample garbled by up to four mutations, any string of up to 200 characters, or up to 60 of name-addr syntax. */
    private static Gen<String> headerValues() {
        Gen<String> samples = Gen.of(
                "\"Alice \\\"A\\\"\" <sip:alice@example.com>;tag=1, <tel:+15551234>",
                "sip:bob@example.com;tag=x, Carol <sips:carol@[2001:db8::1]:5061;transport=tls>",
                "\"a,b<c>\" <sip:x@y>", "<sip:a@b>,,,<sip:c@d>");
        Gen<String> mutatedSample = Gen.combine(samples, Mutation.some(4), Mutation::apply);
        return Gen.oneOf(mutatedSample, Gen.strings(200), Gen.strings("\"<>,;:\\@ sip", 60));
    }

    @Test
    void nameAddrListsNeverThrow() {
        Tries.forAll(13001, TRIES, headerValues(), value -> {
            for (NameAddr entry : NameAddr.parseList(value)) {
                assertNotNull(entry.uri());
                assertTrue(entry.uri().indexOf(':') > 0);
            }
            SipHeaders.firstUri(value);
        });
    }

    @Test
    void sdpGivesMediaOrInvalidSdpException() {
        Tries.forAll(13002, TRIES, MUTATIONS, mutations -> {
            String text = Mutation.apply(Samples.SDP, mutations);
            readSdp(text);
        });
    }

    @Test
    void multipartGivesPartsOrIllegalArgumentException() {
        Tries.forAll(13003, TRIES, MUTATIONS_AND_FLAG, input -> {
            List<Mutation> mutations = input.mutations();
            boolean mutateType = input.flag();
            String body = Mutation.apply(Samples.MULTIPART, mutations);
            String type = mutateType ? Mutation.apply(Samples.MULTIPART_TYPE, mutations) : Samples.MULTIPART_TYPE;
            readMultipart(type, body.getBytes(UTF_8));
        });
    }

    @Test
    void contentTypeParametersNeverThrow() {
        Tries.forAll(13004, TRIES, MUTATIONS, mutations -> {
            String type = Mutation.apply(Samples.MULTIPART_TYPE + ";charset=\"utf-8\";x=\"a\\\"b\"", mutations);
            Multipart.parameter(type, "boundary");
            Multipart.parameter(type, "x");
            Multipart.mediaType(type);
        });
    }

    /**
     * A whole request or response as the stack reads a datagram ({@link StringMsgParser}, with the UDP channel's
     * rule that a bad From, To, Call-ID, CSeq, Via or Content-Length fails the message and any other bad header is
     * kept unparsed); what our code reads of a message the parser accepts must not throw.
     */
    @Test
    void messagesThroughTheStacksParserGiveUsableHeadersAndBodies() {
        Tries.forAll(13005, TRIES, MUTATIONS_AND_FLAG,
                input -> messageThroughTheStacksParser(input.mutations(), input.flag()));
    }

    private static void messageThroughTheStacksParser(List<Mutation> mutations, boolean response) {
        String text = Mutation.apply(response ? Samples.OK : Samples.invite(), mutations);
        SIPMessage message;
        try {
            message = new StringMsgParser().parseSIPMessage(text.getBytes(UTF_8), true, false,
                    ParserFuzzTest::asUdpChannel);
        } catch (ParseException e) {
            return; // the stack drops the datagram or answers 400
        } catch (RuntimeException e) {
            // the RI's own parser failing is not our code's fault, and the stack drops such a datagram
            return;
        }
        if (message == null) {
            return;
        }
        readHeaders(message);
        String contentType = SipHeaders.contentType(message);
        byte[] raw = message.getRawContent();
        if (SipHeaders.hasBody(message) && contentType != null) {
            if (Multipart.mediaType(contentType).startsWith("multipart/")) {
                readMultipart(contentType, raw);
            } else if (SipHeaders.isSdp(message)) {
                readSdp(new String(raw, UTF_8));
            }
        }
    }

    private static void asUdpChannel(ParseException e, SIPMessage message, Class<?> header, String line,
            String text) throws ParseException {
        if (header == null || header == From.class || header == To.class || header == CSeq.class
                || header == Via.class || header == CallID.class || header == ContentLength.class
                || header == RequestLine.class || header == StatusLine.class) {
            throw e;
        }
        message.addUnparsed(line);
    }

    private static void readHeaders(SIPMessage message) {
        for (ListIterator<String> names = message.getHeaderNames(); names.hasNext();) {
            String name = names.next();
            SipHeaders.value(message, name);
            for (String value : SipHeaders.values(message, name)) {
                NameAddr.parseList(value);
            }
        }
        for (ListIterator<?> headers = message.getHeaders("P-Asserted-Identity"); headers != null
                && headers.hasNext();) {
            SipHeaders.valueOf((Header) headers.next());
        }
        SipHeaders.callId(message);
        SipHeaders.supports(message, "100rel");
        SipHeaders.requires(message, "siprec");
        SipHeaders.optionTags(message, "k");
        SipHeaders.firstUri(SipHeaders.value(message, "P-Asserted-Identity"));
        SipHeaders.firstUri(SipHeaders.value(message, "From"));
        SipHeaders.firstUri(SipHeaders.value(message, "Contact"));
        SipHeaders.value(message, "Session-ID");
        SipHeaders.isSdp(message);
    }

    static void readMultipart(String type, byte[] body) {
        List<Multipart.Part> parts;
        try {
            parts = Multipart.parse(type, body);
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            return;
        }
        for (Multipart.Part part : parts) {
            part.mediaType();
            part.disposition();
            part.text();
            part.headers().forEach((k, v) -> assertEquals(k.trim(), k));
            if ("application/sdp".equals(part.mediaType())) {
                readSdp(part.text());
            }
        }
    }

    static void readSdp(String text) {
        SessionDescriptionEditor sdp;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(printed, true, UTF_8));
        try {
            sdp = SessionDescriptionEditor.parse(text);
        } catch (InvalidSdpException e) {
            String trace = printed.toString(UTF_8);
            System.setErr(err);
            assertEquals("", trace, "a refused SDP must not make the RI print a stack trace (a peer could fill the log): " + e.getMessage());
            assertNotNull(e.getMessage());
            return;
        }
        finally {
            System.setErr(err);
        }
        assertEquals("", printed.toString(UTF_8));
        List<SdpMedia> media = sdp.media();
        assertTrue(!media.isEmpty());
        for (SdpMedia m : media) {
            m.onHold();
            m.isRtp();
            for (String format : m.formats()) {
                m.rtpmap(format);
                m.fmtp(format);
            }
            assertTrue(m.port() >= 0 && m.port() <= 65535, "port " + m.port());
            assertTrue(m.port() == 0 || m.address() != null);
        }
        try {
            String anchored = sdp.anchoredTo("127.0.0.1", i -> 20000 + 2 * i);
            SessionDescriptionEditor again = SessionDescriptionEditor.parse(anchored);
            assertEquals(media.size(), again.media().size(), "the rewritten SDP keeps its m= lines");
        } catch (InvalidSdpException e) {
            assertNotNull(e.getMessage());
        }
    }
}
