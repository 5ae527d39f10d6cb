package org.siprec.srs.embedded.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;

/**
 * One line of {@code index.jsonl} as written (field names and order are the file format operators read, see
 * docs/srs-embedded.md): plain strings and numbers, paths relative to the recordings folder. Boxed types where a
 * line written by an older version may lack the field.
 */
record IndexEntry(String id, String state, String callId, List<String> sipSessionIds, String src,
        List<Party> participants, String start, String stop, Double durationSeconds, String endReason, String wav,
        Integer sampleRate, List<Channel> channels, List<String> metadata, List<String> codecs, Boolean rawStreams,
        List<StreamEntry> streams, Long droppedSamples, List<PauseEntry> pauses) {

    static final String RECORDING = "recording";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";

    /** A participant of the metadata: its {@code participant_id}, first AOR and display name. */
    record Party(String id, String aor, String name) {
    }

    /** A WAV channel: the AORs heard in it and the labels of its streams. */
    record Channel(Integer channel, List<String> participants, List<String> labels) {
    }

    /** A received stream; {@code channel} is null and {@code file} a raw dump when {@code raw}. */
    record StreamEntry(String label, String codec, String payloadType, Integer port, Boolean raw, Integer channel,
            String file, Long packets, List<String> participants) {
    }

    /** A paused interval (UTC ISO-8601); {@code end} null while paused. */
    record PauseEntry(String start, String end) {
    }

    /**
     * The catalog's view of this line, paths resolved against {@code root}.
     *
     * @throws IllegalArgumentException if the line lacks what an entry needs (id, a known state, a start time)
     */
    CatalogEntry toCatalogEntry(Path root) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("no id");
        }
        if (start == null) {
            throw new IllegalArgumentException("recording " + id + " has no start");
        }
        Instant started = Instant.parse(start);
        Instant stopped = stop == null ? null : Instant.parse(stop);
        Duration duration = durationSeconds != null ? Duration.ofMillis(Math.round(durationSeconds * 1000))
                : Duration.between(started, stopped == null ? Instant.now() : stopped);
        Path wavPath = wav == null ? null : root.resolve(wav);
        List<CatalogEntry.Party> parties = new ArrayList<>();
        for (Party p : nonNull(participants)) {
            if (p != null) {
                parties.add(new CatalogEntry.Party(p.aor(), p.name()));
            }
        }
        List<CatalogEntry.Channel> chans = new ArrayList<>();
        for (Channel c : nonNull(channels)) {
            if (c != null && c.channel() != null) {
                chans.add(new CatalogEntry.Channel(c.channel(), strings(c.participants()), strings(c.labels())));
            }
        }
        List<CatalogEntry.MediaStream> media = new ArrayList<>();
        for (StreamEntry s : nonNull(streams)) {
            if (s == null) {
                continue;
            }
            boolean isRaw = Boolean.TRUE.equals(s.raw()) || s.channel() == null;
            media.add(new CatalogEntry.MediaStream(s.label(), s.codec(), payloadType(s.payloadType()),
                    s.packets() == null ? 0 : s.packets(), isRaw ? -1 : s.channel(),
                    s.file() == null ? null : root.resolve(s.file()), strings(s.participants())));
        }
        List<Path> metadataFiles = new ArrayList<>();
        for (String m : strings(metadata)) {
            metadataFiles.add(root.resolve(m));
        }
        return new CatalogEntry(id, state(state), callId, strings(sipSessionIds), src, parties, started, stopped,
                duration, endReason, wavPath, metadataFiles, strings(codecs), chans, media, pausedIntervals());
    }

    /** The paused intervals of the line, oldest first (for the catalogue and the archive). */
    List<CatalogEntry.Pause> pausedIntervals() {
        List<CatalogEntry.Pause> paused = new ArrayList<>();
        for (PauseEntry p : nonNull(pauses)) {
            if (p != null && p.start() != null) {
                paused.add(new CatalogEntry.Pause(Instant.parse(p.start()), p.end() == null ? null : Instant.parse(p.end())));
            }
        }
        return paused;
    }

    private static RecordingState state(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no state");
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case RECORDING -> RecordingState.RECORDING;
            case COMPLETED -> RecordingState.COMPLETED;
            case FAILED -> RecordingState.FAILED;
            default -> throw new IllegalArgumentException("unknown state " + text);
        };
    }

    private static int payloadType(String pt) {
        try {
            return pt == null ? -1 : Integer.parseInt(pt.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<String> strings(List<String> list) {
        List<String> result = new ArrayList<>();
        for (String s : nonNull(list)) {
            if (s != null) {
                result.add(s);
            }
        }
        return result;
    }
}
