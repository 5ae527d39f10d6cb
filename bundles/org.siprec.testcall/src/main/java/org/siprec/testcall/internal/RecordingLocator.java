package org.siprec.testcall.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingCatalog;
import org.siprec.api.catalog.RecordingState;

/**
 * Finds a test call's recording in a {@link RecordingCatalog}. The SRC copies the call's RFC 7989 Session-ID into the
 * recording metadata, so the catalog knows it ({@link RecordingCatalog#bySessionId}); failing that (an SRC that does
 * not report it), the latest recording naming both test parties that started after the call was placed.
 */
public final class RecordingLocator {
    static final long POLL_MS = 250;
    /** How many of the latest recordings the participants fallback looks at. */
    static final int RECENT = 20;

    /**
     * A recording found and how it was matched.
     *
     * @param matchedBy {@code session-id} or {@code participants} (the weaker)
     */
    public record Found(CatalogEntry entry, String matchedBy) {
    }

    private final RecordingCatalog catalog;

    public RecordingLocator(RecordingCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Looks for the call's recording until it has ended (its files are complete) or {@code wait} has passed; then
     * returns what it found, possibly still recording.
     */
    public Optional<Found> await(CallOutcome call, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<Found> found = find(call);
            boolean ended = found.isPresent() && found.get().entry().state() != RecordingState.RECORDING;
            if (ended || System.nanoTime() - deadline >= 0) {
                return found;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
    }

    /** The call's recording, if the catalog has it now. */
    public Optional<Found> find(CallOutcome call) {
        if (call.sessionId() != null) {
            List<CatalogEntry> bySession = catalog.bySessionId(call.sessionId());
            if (!bySession.isEmpty()) {
                return Optional.of(new Found(bySession.get(0), "session-id"));
            }
        }
        Instant notBefore = call.start().minusSeconds(5);
        return catalog.recent(RECENT).stream()
                .filter(e -> !e.start().isBefore(notBefore) && namesTestParticipants(e))
                .findFirst().map(e -> new Found(e, "participants"));
    }

    private static boolean namesTestParticipants(CatalogEntry entry) {
        return entry.participants().stream().anyMatch(p -> isUser(p, TestCallAgent.CALLER_USER))
                && entry.participants().stream().anyMatch(p -> isUser(p, TestCallAgent.CALLEE_USER));
    }

    private static boolean isUser(CatalogEntry.Party party, String user) {
        return party.aor() != null && party.aor().contains(":" + user + "@");
    }
}
