package org.siprec.api.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A recording as the catalogue keeps it.
 *
 * @param id         its id (the SRS's)
 * @param state      {@code recording}, {@code completed}, {@code failed} or {@code interrupted}
 * @param callId     SIP Call-ID of its recording session, or {@code null}
 * @param company    its company, or {@code null} when unknown
 * @param direction  the recorded call's direction, or {@code null} when unknown
 * @param start      when recording started
 * @param end        when it ended, or {@code null} while recording
 * @param durationMs its duration in milliseconds, or {@code null} while recording
 * @param codecs     codecs of its streams, comma-separated, possibly empty
 * @param endReason  why it ended, or {@code null}
 * @param sizeBytes  the size of all its files, or {@code null} while recording
 * @param parties    its parties in the metadata's order
 * @param files      its files (audio, metadata documents, raw streams)
 * @param hold       its legal hold, or {@code null} when not on hold
 * @param pauses     the intervals in which it was paused, oldest first (since 1.5); empty when never paused or not
 *                   known
 * @param decision   the SRC's decision that caused it (since 1.5), or {@code null} when the catalogue holds none
 *                   (the SRC's recording session with the same RS Call-ID is not in it, e.g. a third-party SRC or
 *                   a recording still in progress)
 * @since 1.2
 */
public record StoredRecording(String id, String state, String callId, String company, String direction,
        Instant start, Instant end, Long durationMs, String codecs, String endReason, Long sizeBytes,
        List<Party> parties, List<File> files, Hold hold, List<CatalogEntry.Pause> pauses, Decision decision) {

    public StoredRecording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(start, "start");
        parties = List.copyOf(parties);
        files = List.copyOf(files);
        pauses = pauses == null ? List.of() : List.copyOf(pauses);
    }

    /** A recording without pauses and decision (the form of versions 1.2 to 1.4). */
    public StoredRecording(String id, String state, String callId, String company, String direction,
            Instant start, Instant end, Long durationMs, String codecs, String endReason, Long sizeBytes,
            List<Party> parties, List<File> files, Hold hold) {
        this(id, state, callId, company, direction, start, end, durationMs, codecs, endReason, sizeBytes, parties,
                files, hold, List.of(), null);
    }

    /** The first file of kind {@code audio} (the WAV), if any. */
    public java.util.Optional<File> audio() {
        return files.stream().filter(f -> "audio".equals(f.kind())).findFirst();
    }

    /**
     * A recorded party.
     *
     * @param aor    its address of record, or {@code null}
     * @param number its number (from a {@code tel:} or numeric {@code sip:} user part), or {@code null}
     * @param name   its display name, or {@code null}
     */
    public record Party(String aor, String number, String name) {
    }

    /**
     * A file of the recording.
     *
     * @param path   where it is (absolute)
     * @param kind   {@code audio}, {@code metadata} or {@code raw}
     * @param size   its size in bytes when the recording ended, -1 when not taken
     * @param sha256 its SHA-256 (lower-case hex) when the recording ended, or {@code null}
     */
    public record File(Path path, String kind, long size, String sha256) {
        public File {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * The recording decision of the SRC that caused a recording, as the SRC logged it.
     *
     * @param decision its verdict: {@code RECORD}, {@code SKIP}, {@code ABSTAIN}, or {@code UNKNOWN} when the logged
     *                 text has none
     * @param reason   the combined decision's reason (with {@code mandatory} / {@code announcement} when they were
     *                 part of it), or {@code null}
     * @param reasons  each policy's verdict and reason in ranking order, e.g. {@code profile=RECORD(records orig)};
     *                 possibly empty
     * @param text     the whole decision text as logged
     * @since 1.5
     */
    public record Decision(String decision, String reason, List<String> reasons, String text) {
        public Decision {
            Objects.requireNonNull(decision, "decision");
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * A legal hold: retention never deletes the recording.
     *
     * @param since  when it was set
     * @param actor  who set it
     * @param reason why, or {@code null}
     */
    public record Hold(Instant since, String actor, String reason) {
    }
}
