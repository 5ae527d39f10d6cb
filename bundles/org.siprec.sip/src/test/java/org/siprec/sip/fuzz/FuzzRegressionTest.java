package org.siprec.sip.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.SessionDescriptionEditor;
import org.siprec.testsupport.fuzz.Mutation;
import org.siprec.testsupport.fuzz.Mutation.Kind;

/** The examples {@link ParserFuzzTest} found, replayed: each was a bug, fixed. */
class FuzzRegressionTest {
    /**
     * SDP lines the pre-check let through but the RI's field parsers refuse with a stack trace printed to stderr
     * (a peer sending them on every INVITE fills the log): a control character inside an m= line, a non-digit in
     * the o= session id, a non-host o= address. Now refused by the pre-check with a reason and nothing printed.
     */
    @Test
    void sdpLinesTheRiWouldPrintAStackTraceForAreRefusedQuietly() {
        assertQuietlyRefused(Mutation.apply(Samples.SDP, List.of(new Mutation(Kind.FLIP, 70, 1))), "SDP line 4");
        assertQuietlyRefused(Mutation.apply(Samples.SDP, List.of(new Mutation(Kind.FLIP, 70, 34))), "SDP line 4");
        assertQuietlyRefused(Mutation.apply(Samples.SDP, List.of(new Mutation(Kind.LONG_TOKEN, 11, 13))), "SDP line 2");
        assertQuietlyRefused(Samples.SDP.replace("IN IP4 192.0.2.1\r\ns=", "IN IP4 !92.0.2.1\r\ns="), "o=");
        assertQuietlyRefused(Samples.SDP.replace("m=audio 30000", "m=\u0001audio 30000"), "control character");
        assertQuietlyRefused(Samples.SDP.replace("m=audio 30000 RTP/AVP", "m=audio 30000 RTP/AV<P"), "m=");
        assertQuietlyRefused(Samples.SDP.replace("c=IN IP4 192.0.2.9", "c=IN IP4 \u00e9.0.2.9"), "c=");
    }

    @Test
    void ipv6AndHostNamesAreStillRead() throws Exception {
        String v6 = Samples.SDP.replace("IN IP4 192.0.2.1", "IN IP6 ::1").replace("IN IP4 192.0.2.9",
                "IN IP6 2001:db8::9");
        assertEquals("::1", SessionDescriptionEditor.parse(v6).media().get(0).address());
        String named = Samples.SDP.replace("IN IP4 192.0.2.1", "IN IP4 media-1.example.com");
        assertEquals("media-1.example.com", SessionDescriptionEditor.parse(named).media().get(0).address());
    }

    private static void assertQuietlyRefused(String sdp, String reason) {
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, UTF_8));
        InvalidSdpException e;
        try {
            e = assertThrows(InvalidSdpException.class, () -> SessionDescriptionEditor.parse(sdp));
        } finally {
            System.setErr(err);
        }
        assertEquals("", printed.toString(UTF_8), "nothing printed");
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
