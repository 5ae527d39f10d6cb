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
 * @since 1.2
 */
public record StoredRecording(String id, String state, String callId, String company, String direction,
        Instant start, Instant end, Long durationMs, String codecs, String endReason, Long sizeBytes,
        List<Party> parties, List<File> files, Hold hold) {

    public StoredRecording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(start, "start");
        parties = List.copyOf(parties);
        files = List.copyOf(files);
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
     * A legal hold: retention never deletes the recording.
     *
     * @param since  when it was set
     * @param actor  who set it
     * @param reason why, or {@code null}
     */
    public record Hold(Instant since, String actor, String reason) {
    }
}
