package org.siprec.testcall.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds a test call's recording in the embedded SRS's {@code index.jsonl} (one JSON object per finished recording).
 * Tolerant of the entry's shape: an entry belongs to the call when any of its values is the call's Session-ID (the
 * SRC copies it into the RFC 7865 metadata, the SRS lists it as {@code sipSessionIds}) or a Call-ID of the call;
 * failing that, when it names both test participants and started after the call. Paths in the entry ({@code wav},
 * {@code metadata}) are taken relative to the recordings folder unless absolute.
 */
public final class RecordingLocator {
    public static final String INDEX = "index.jsonl";
    static final long POLL_MS = 250;

    /**
     * A recording found: its WAV, metadata files, id and how the entry was matched.
     *
     * @param matchedBy {@code session-id}, {@code call-id} or {@code participants} (the weakest)
     */
    public record Found(String id, Path wav, List<Path> metadata, String matchedBy, Map<String, Object> entry) {
    }

    private final Path dir;

    public RecordingLocator(Path recordingsDir) {
        this.dir = recordingsDir;
    }

    public Path index() {
        return dir.resolve(INDEX);
    }

    /** Looks for the call's entry until it appears or {@code wait} has passed (polling the index file). */
    public Optional<Found> await(CallOutcome call, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<Found> found = find(call);
            if (found.isPresent() || System.nanoTime() - deadline >= 0) {
                return found;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
    }

    /** The call's entry, if the index has one now. */
    public Optional<Found> find(CallOutcome call) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(index())) {
                return Optional.empty();
            }
            lines = Files.readAllLines(index(), UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, Object> weak = null;
        for (int i = lines.size() - 1; i >= 0; i--) {
            Map<String, Object> entry = parse(lines.get(i));
            if (entry == null) {
                continue;
            }
            if (call.sessionId() != null && containsValue(entry, normalize(call.sessionId()))) {
                return Optional.of(found(entry, "session-id"));
            }
            if (matchesCallId(entry, call)) {
                return Optional.of(found(entry, "call-id"));
            }
            if (weak == null && namesTestParticipants(entry) && startedAfter(entry, call.start().minusSeconds(5))) {
                weak = entry;
            }
        }
        return weak == null ? Optional.empty() : Optional.of(found(weak, "participants"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            Object v = MiniJson.parse(line.trim());
            return v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        } catch (RuntimeException e) {
            return null; // e.g. a line cut short by a crash
        }
    }

    private static String normalize(String id) {
        return id.replace("-", "").trim().toLowerCase(Locale.ROOT);
    }

    private static boolean containsValue(Object value, String wanted) {
        if (value instanceof String s) {
            String n = normalize(s);
            return n.equals(wanted) || n.startsWith(wanted + ";");
        }
        if (value instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(v -> containsValue(v, wanted));
        }
        if (value instanceof Collection<?> c) {
            return c.stream().anyMatch(v -> containsValue(v, wanted));
        }
        return false;
    }

    private static boolean matchesCallId(Map<String, Object> entry, CallOutcome call) {
        for (Map.Entry<String, Object> e : entry.entrySet()) {
            String key = e.getKey().replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
            if (key.equals("callid") || key.equals("callids")) {
                for (String id : new String[] {call.callId(), call.calleeCallId()}) {
                    if (id != null && (id.equals(e.getValue())
                            || (e.getValue() instanceof Collection<?> c && c.contains(id)))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean namesTestParticipants(Map<String, Object> entry) {
        String text = String.valueOf(entry.get("participants"));
        return text.contains(TestCallAgent.CALLER_USER) && text.contains(TestCallAgent.CALLEE_USER);
    }

    private static boolean startedAfter(Map<String, Object> entry, Instant notBefore) {
        Object start = entry.get("start");
        if (!(start instanceof String s)) {
            return false;
        }
        try {
            return !Instant.parse(s).isBefore(notBefore);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private Found found(Map<String, Object> entry, String matchedBy) {
        Path wav = null;
        for (String key : new String[] {"wav", "wavFile", "wav_file", "audio", "file"}) {
            if (entry.get(key) instanceof String s && !s.isBlank()) {
                wav = path(s);
                break;
            }
        }
        List<Path> metadata = new ArrayList<>();
        for (String key : new String[] {"metadata", "metadataFiles", "metadataFile", "metadata_file"}) {
            Object v = entry.get(key);
            if (v instanceof String s && !s.isBlank()) {
                metadata.add(path(s));
            } else if (v instanceof Collection<?> c) {
                for (Object o : c) {
                    if (o instanceof String s && !s.isBlank()) {
                        metadata.add(path(s));
                    }
                }
            }
            if (!metadata.isEmpty()) {
                break;
            }
        }
        Object id = entry.get("id");
        return new Found(id == null ? null : id.toString(), wav, metadata, matchedBy, entry);
    }

    private Path path(String s) {
        try {
            Path p = Path.of(s);
            return (p.isAbsolute() ? p : dir.resolve(p)).normalize();
        } catch (InvalidPathException e) {
            return dir.resolve(s.replaceAll("[^\\w./-]", "_")).normalize();
        }
    }
}
