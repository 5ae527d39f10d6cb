package org.siprec.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siprec.api.ops.RecordingControlException.Reason;

/**
 * How the call-control and provisioning servlets read their paths (raw, split, then percent-decoded as UTF-8), which
 * Call-IDs they accept, and which status each {@code RecordingControl} refusal gets (docs/portal.md, "Call control").
 */
class CallControlPathsTest {

    @Test
    void segmentsAreSplitOnTheRawPathThenDecoded() throws Exception {
        String p = CallControlServlet.PREFIX;
        assertEquals(List.of(), PathSegments.below(p, p));
        assertEquals(List.of("1-42@127.0.0.1", "recording", "pause"),
                PathSegments.below(p + "/1-42@127.0.0.1/recording/pause", p));
        // a Call-ID with a slash, a question mark and a percent sign arrives whole; + stays a plus in a path
        assertEquals(List.of("a/b?c%d+e", "recording", "stop"), PathSegments.below(p + "/a%2Fb%3Fc%25d+e/recording/stop", p));
        assertEquals(List.of("01 40 00 12 34"), PathSegments.below("/api/v1/subscribers/01%2040%2000%2012%2034",
                DirectoryServlet.SUBSCRIBERS));
        assertEquals(List.of("caf\u00e9"), PathSegments.below(p + "/caf%C3%A9", p));
    }

    @Test
    void badEscapesEmptySegmentsAndOtherPrefixesAreRefused() {
        String p = CallControlServlet.PREFIX;
        assertStatus(400, () -> PathSegments.below(p + "/abc%2", p));
        assertStatus(400, () -> PathSegments.below(p + "/abc%zz/recording/pause", p));
        assertStatus(400, () -> PathSegments.below(p + "/%C3%28", p)); // not UTF-8
        assertStatus(400, () -> PathSegments.below(p + "//recording/pause", p));
        assertStatus(400, () -> PathSegments.below(p + "/x/recording/pause/", p));
        assertStatus(404, () -> PathSegments.below("/api/v1/callsx/1", p));
        assertStatus(404, () -> PathSegments.below("/api/v1/c%61lls/1", p));
    }

    @Test
    void callIdsAreRfc3261WordsWithAtMostOneAt() throws Exception {
        for (String ok : List.of("1-1234@127.0.0.1", "a84b4c76e66710", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com",
                "x!%*_+`'~()<>:\\\"/[]?{}.-@host")) {
            assertEquals(ok, CallControlServlet.callId(ok));
        }
        for (String bad : List.of("", "a b", "a@b@c", "@host", "host@", "a\u00e9", "a;b", "a\nb", "a".repeat(257),
                "x".repeat(200) + "@" + "y".repeat(60))) {
            assertStatus(400, () -> CallControlServlet.callId(bad));
        }
    }

    @Test
    void everyRefusalHasItsStatus() {
        assertEquals(404, CallControlServlet.status(Reason.NO_SUCH_CALL));
        for (Reason r : List.of(Reason.NOT_RECORDED, Reason.NOT_STARTED, Reason.ALREADY_PAUSED, Reason.NOT_PAUSED,
                Reason.NOT_ANSWERED, Reason.ALREADY_RECORDED, Reason.MANDATORY)) {
            assertEquals(409, CallControlServlet.status(r), r.name());
        }
        assertEquals(502, CallControlServlet.status(Reason.SRS_REFUSED));
        assertEquals(504, CallControlServlet.status(Reason.TIMEOUT));
    }

    @Test
    void actionsAreTheFourOfRecordingControl() throws Exception {
        assertEquals(CallControlServlet.Action.PAUSE, CallControlServlet.Action.of("pause"));
        assertEquals("stopped", CallControlServlet.Action.of("stop").stateAfter);
        assertStatus(404, () -> CallControlServlet.Action.of("Pause"));
        assertStatus(404, () -> CallControlServlet.Action.of("begin"));
    }

    @Test
    void theDirectorysLineNumberIsDroppedForASingleItem() {
        assertEquals("field zone: unknown time zone 'X'", DirectoryServlet.withoutLine("line 1: field zone: unknown time zone 'X'"));
        assertEquals("field company: unknown company 'nope'", DirectoryServlet.withoutLine("field company: unknown company 'nope'"));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertStatus(int status, Call call) {
        ApiException e = assertThrows(ApiException.class, call::run);
        assertEquals(status, e.status(), e.getMessage());
    }
}
