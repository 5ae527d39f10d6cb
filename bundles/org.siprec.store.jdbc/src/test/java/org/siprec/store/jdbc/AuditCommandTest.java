package org.siprec.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What {@code siprec:audit --since} accepts. */
class AuditCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void sinceTakesAnInstantADateOrATimeAgo() {
        assertEquals(Instant.parse("2026-12-03T08:00:00Z"), AuditCommand.since("2026-12-03T08:00:00Z", NOW));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), AuditCommand.since("2026-12-01", NOW));
        assertEquals(Instant.parse("2026-12-03T11:30:00Z"), AuditCommand.since("30m", NOW));
        assertEquals(Instant.parse("2026-12-03T10:00:00Z"), AuditCommand.since("2H", NOW));
        assertEquals(Instant.parse("2026-12-02T12:00:00Z"), AuditCommand.since(" 1d ", NOW));
        assertEquals(Instant.parse("2026-12-03T11:59:15Z"), AuditCommand.since("45s", NOW));
    }

    @Test
    void anythingElseIsAnErrorSayingWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuditCommand.since("yesterday", NOW));
        assertTrue(e.getMessage().contains("'yesterday' is neither an instant"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AuditCommand.since("2h30m", NOW));
        assertThrows(IllegalArgumentException.class, () -> AuditCommand.since("-1h", NOW));
    }
}
