package org.siprec.api.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recording of an SRS: one recording session (RFC 7866) and what was stored of it.
 *
 * @param id           the SRS's id of the recording, unique within its catalog
 * @param state        recording, completed or failed
 * @param callId       SIP Call-ID of the recording session (the SRC's dialog with the SRS), not of the recorded call
 * @param sessionIds   RFC 7989 Session-IDs of the recorded call(s), as the SRC reported them in the metadata;
 *                     possibly empty
 * @param src          where the recording session came from ({@code host:port}), or {@code null}
 * @param participants the recorded parties, in the metadata's order; possibly empty (no metadata)
 * @param start        when recording started
 * @param stop         when it stopped, or {@code null} while recording
 * @param duration     from start to stop (to now while recording)
 * @param endReason    why it stopped (e.g. {@code BYE}), or {@code null} while recording
 * @param wav          the audio file (one channel per participant), or {@code null} when no stream could be
 *                     decoded to it
 * @param metadata     the RFC 7865 metadata documents as received, oldest first
 * @param codecs       the codecs of the recorded streams (e.g. {@code PCMU}), in order of appearance
 * @param channels     the WAV's channels
 * @param streams      the recorded media streams
 * @param pauses       the intervals in which the SRC paused the recording (every stream inactive), oldest first;
 *                     the audio file holds silence there. Empty when never paused (or unknown to the SRS)
 */
public record CatalogEntry(String id, RecordingState state, String callId, List<String> sessionIds, String src,
        List<Party> participants, Instant start, Instant stop, Duration duration, String endReason, Path wav,
        List<Path> metadata, List<String> codecs, List<Channel> channels, List<MediaStream> streams,
        List<Pause> pauses) {

    public CatalogEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        sessionIds = List.copyOf(sessionIds);
        participants = List.copyOf(participants);
        metadata = List.copyOf(metadata);
        codecs = List.copyOf(codecs);
        channels = List.copyOf(channels);
        streams = List.copyOf(streams);
        pauses = pauses == null ? List.of() : List.copyOf(pauses);
    }

    /** An entry without pauses (the form of version 1.0). */
    public CatalogEntry(String id, RecordingState state, String callId, List<String> sessionIds, String src,
            List<Party> participants, Instant start, Instant stop, Duration duration, String endReason, Path wav,
            List<Path> metadata, List<String> codecs, List<Channel> channels, List<MediaStream> streams) {
        this(id, state, callId, sessionIds, src, participants, start, stop, duration, endReason, wav, metadata, codecs,
                channels, streams, List.of());
    }

    /**
     * A paused interval of the recording.
     *
     * @param start when the SRC paused it (its re-offer with every stream inactive arrived)
     * @param end   when it resumed (the recording's stop if it ended paused), or {@code null} while still paused
     * @since 1.1
     */
    public record Pause(Instant start, Instant end) {
        public Pause {
            Objects.requireNonNull(start, "start");
        }
    }

    /**
     * A recorded party.
     *
     * @param aor  its address of record (SIP or tel URI), or {@code null} if the metadata gave none
     * @param name its display name, or {@code null}
     */
    public record Party(String aor, String name) {
    }

    /**
     * A channel of the WAV file.
     *
     * @param index        0-based channel number
     * @param participants AORs of the parties whose audio is in it; empty when the metadata did not say
     * @param labels       SDP labels ({@code a=label}) of the streams recorded in it
     */
    public record Channel(int index, List<String> participants, List<String> labels) {
        public Channel {
            participants = List.copyOf(participants);
            labels = List.copyOf(labels);
        }
    }

    /**
     * A recorded media stream.
     *
     * @param label       its SDP label ({@code a=label})
     * @param codec       its codec (encoding name)
     * @param payloadType its RTP payload type, or -1 if not numeric
     * @param packets     RTP packets received
     * @param channel     the WAV channel it is recorded in, or -1 when stored raw
     * @param file        the file holding it: the WAV, or the raw dump of a codec not decoded
     * @param senders     AORs of the parties sending it (from the metadata); possibly empty
     */
    public record MediaStream(String label, String codec, int payloadType, long packets, int channel, Path file,
            List<String> senders) {
        public MediaStream {
            senders = List.copyOf(senders);
        }

        /** Whether the stream is stored as received (a codec the SRS does not decode) rather than in the WAV. */
        public boolean raw() {
            return channel < 0;
        }
    }
}
