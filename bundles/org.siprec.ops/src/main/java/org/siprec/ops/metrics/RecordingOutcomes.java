package org.siprec.ops.metrics;

import java.util.Locale;

/**
 * Turns the free-text outcome of a recording ({@code RecordingRecord.outcome()}: {@code completed} or
 * {@code failed: <why>}) into a bounded label value, so that a metric's series stay few whatever the SRSs answer.
 */
final class RecordingOutcomes {
    static final String COMPLETED = "completed";

    private RecordingOutcomes() {
    }

    /** {@code true} when the outcome is a completed recording ({@code completed}, or {@code completed: max-duration}). */
    static boolean completed(String outcome) {
        return COMPLETED.equals(outcome) || outcome.startsWith(COMPLETED + ":");
    }

    /**
     * {@code true} when a recording was not started because a limit refused it ({@code failed: company-limit: ...},
     * issue 14): counted as refused, not as failed.
     */
    static boolean refused(String outcome) {
        return outcome.startsWith("failed: " + COMPANY_LIMIT);
    }

    /** The reason label of recordings refused by a company's quota of concurrent recordings. */
    static final String COMPANY_LIMIT = "company-limit";
    /** The reason label of recordings stopped at their maximum duration. */
    static final String MAX_DURATION = "max-duration";

    /**
     * The reason label of a failed recording: {@code no-srs-available}, {@code srs-refused}, {@code call-ended},
     * {@code announcement-unavailable}, {@code no-media}, or {@code other}.
     */
    static String failureReason(String outcome) {
        String why = outcome.startsWith("failed:") ? outcome.substring("failed:".length()).trim() : outcome;
        String w = why.toLowerCase(Locale.ROOT);
        if (w.startsWith("no srs available")) {
            return "no-srs-available";
        }
        if (w.startsWith("no srs accepted")) {
            return "srs-refused";
        }
        if (w.startsWith("the call ended")) {
            return "call-ended";
        }
        if (w.startsWith("announcement")) {
            return "announcement-unavailable";
        }
        if (w.contains("no media")) {
            return "no-media";
        }
        return "other";
    }

    /** The label of the combined decision of an audit {@code decision} event: {@code record}, {@code skip} or {@code other}. */
    static String decision(String detail) {
        String d = detail.trim().toUpperCase(Locale.ROOT);
        if (d.startsWith("RECORD")) {
            return "record";
        }
        if (d.startsWith("SKIP")) {
            return "skip";
        }
        return "other";
    }

    /**
     * The reason label of a request refused before it reached a call, from the name of a counter of
     * {@code siprec:status}: {@code untrusted} (source not admitted), {@code rate-limited} (over the per-source
     * rate), {@code malformed} (refused or dropped by the request door for its form or size).
     */
    static String rejectReason(String doorCounter) {
        if (doorCounter.startsWith("over-rate.") || doorCounter.equals("rate.sources.overflow")) {
            return "rate-limited";
        }
        if (doorCounter.startsWith("untrusted.")) {
            return "untrusted";
        }
        return "malformed";
    }
}
