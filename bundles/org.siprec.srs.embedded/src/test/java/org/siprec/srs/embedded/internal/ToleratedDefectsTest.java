package org.siprec.srs.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defects of SRCs counted per SRC and kind, with the number of SRCs bounded; the Warning text made safe. */
class ToleratedDefectsTest {

    @Test
    void countedPerSrcAndKind() {
        ToleratedDefects d = new ToleratedDefects();
        d.note("10.0.0.1", "no Require: siprec");
        d.note("10.0.0.1", "no Require: siprec");
        d.note("10.0.0.1", "Contact ;src instead of +sip.src");
        d.note("10.0.0.2", "no Require: siprec");
        assertEquals(Map.of("Contact ;src instead of +sip.src", 1L, "no Require: siprec", 2L), d.of("10.0.0.1"));
        assertEquals(Map.of("no Require: siprec", 1L), d.of("10.0.0.2"));
        assertEquals(Map.of(), d.of("10.0.0.3"));
    }

    @Test
    void srcsBeyondTheBoundAreCountedTogether() {
        ToleratedDefects d = new ToleratedDefects();
        for (int i = 0; i < ToleratedDefects.MAX_SRCS + 10; i++) {
            d.note("src-" + i, "x");
        }
        assertEquals(Map.of("x", 1L), d.of("src-0"));
        assertEquals(Map.of(), d.of("src-" + (ToleratedDefects.MAX_SRCS + 5)));
        assertEquals(Map.of("x", 10L), d.of(ToleratedDefects.OTHER));
    }

    @Test
    void kindsPerSrcAreBoundedToo() {
        ToleratedDefects d = new ToleratedDefects();
        for (int i = 0; i < ToleratedDefects.MAX_KINDS + 3; i++) {
            d.note("10.0.0.1", "metadata in namespace urn:x:" + i);
        }
        Map<String, Long> counts = d.of("10.0.0.1");
        assertEquals(ToleratedDefects.MAX_KINDS + 1, counts.size());
        assertEquals(3L, counts.get(ToleratedDefects.OTHER_KINDS));
    }

    @Test
    void warningTextCannotBreakOrInjectAHeader() {
        assertEquals("invalid <start-time> 'x  Via: evil' /'", EmbeddedSrs.warningText("invalid <start-time> 'x\r\nVia: evil' \\\""));
        assertEquals(200, EmbeddedSrs.warningText("a".repeat(5000)).length());
    }
}
