package org.siprec.api.srs;

import java.util.Objects;

/**
 * What became of a recording session offered to one SRS, reported back to the {@link SrsAdapter} that chose it so
 * that it can learn which SRSs work (health, fail-over, load spreading).
 *
 * @param kind   what happened
 * @param detail human-readable detail (e.g. the SIP status and reason), never {@code null}
 */
public record SrsOutcome(Kind kind, String detail) {
    public enum Kind {
        /** The SRS answered 2xx: it records the call. */
        ACCEPTED,
        /** The SRS answered with a final error response. */
        REFUSED,
        /** No answer before the transaction timed out, or the request could not be sent. */
        UNREACHABLE,
        /** The SRS ended a recording session it had accepted (BYE) before the call ended. */
        ENDED_BY_SRS,
        /**
         * A recording session the SRS had accepted ended normally: the SRC sent BYE because the call ended or its
         * recording stopped. Lets an adapter count the recordings in progress at each SRS (least-busy selection).
         *
         * @since 1.1
         */
        ENDED
    }

    public SrsOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
