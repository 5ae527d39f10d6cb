package org.siprec.api.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an SRS hands a {@link RecordingArchive} about one recording.
 *
 * @param id           the SRS's id of the recording (also {@link CatalogEntry#id()})
 * @param state        {@value #RECORDING}, {@value #COMPLETED}, {@value #FAILED} or {@value #INTERRUPTED}
 * @param callId       SIP Call-ID of the recording session (SRC to SRS)
 * @param sessionIds   RFC 7989 Session-IDs of the recorded call, as the metadata reported them; possibly empty
 * @param src          where the recording session came from ({@code host:port}), or {@code null}
 * @param company      the company the recording belongs to, or {@code null} when the SRS does not know it
 * @param direction    the recorded call's direction or session case (e.g. {@code orig}), or {@code null}
 * @param participants the recorded parties, in the metadata's order; possibly empty
 * @param start        when recording started
 * @param end          when it ended, {@code null} while recording
 * @param codecs       the codecs of the recorded streams, comma-separated (e.g. {@code PCMU}), possibly empty
 * @param endReason    why it ended (e.g. {@code BYE}), {@code null} while recording
 * @param files        the files of the recording (audio, metadata documents, raw streams)
 * @param pauses       the intervals in which the SRC paused the recording, oldest first (since 1.5); empty when
 *                     never paused or unknown (e.g. a recording recovered after a crash)
 * @since 1.1
 */
public record ArchivedRecording(String id, String state, String callId, List<String> sessionIds, String src,
        String company, String direction, List<Party> participants, Instant start, Instant end, String codecs,
        String endReason, List<StoredFile> files, List<CatalogEntry.Pause> pauses) {
    public static final String RECORDING = "recording";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    /** Cut by a crash: found by the SRS at its next start; files as they were left (a WAV plays up to the crash). */
    public static final String INTERRUPTED = "interrupted";

    public ArchivedRecording {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(start, "start");
        sessionIds = List.copyOf(sessionIds);
        participants = List.copyOf(participants);
        files = List.copyOf(files);
        codecs = codecs == null ? "" : codecs;
        pauses = pauses == null ? List.of() : List.copyOf(pauses);
    }

    /** A recording without paused intervals (the form of version 1.1 to 1.4). */
    public ArchivedRecording(String id, String state, String callId, List<String> sessionIds, String src,
            String company, String direction, List<Party> participants, Instant start, Instant end, String codecs,
            String endReason, List<StoredFile> files) {
        this(id, state, callId, sessionIds, src, company, direction, participants, start, end, codecs, endReason,
                files, List.of());
    }

    /**
     * A recorded party.
     *
     * @param aor  its address of record (SIP or tel URI), or {@code null}
     * @param name its display name, or {@code null}
     */
    public record Party(String aor, String name) {
    }

    /**
     * A file of a recording.
     *
     * @param path   where it is (absolute)
     * @param kind   {@code audio} (the WAV), {@code metadata} (an RFC 7865 document) or {@code raw} (a stream kept
     *               as received)
     * @param size   its size in bytes at the end of the recording, -1 while recording
     * @param sha256 its SHA-256 in lower-case hex at the end of the recording, {@code null} while recording
     */
    public record StoredFile(Path path, String kind, long size, String sha256) {
        public StoredFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
