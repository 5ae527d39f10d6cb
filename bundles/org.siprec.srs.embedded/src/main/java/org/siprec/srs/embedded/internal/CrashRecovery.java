package org.siprec.srs.embedded.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.siprec.metadata.MetadataReader;
import org.siprec.metadata.NameId;
import org.siprec.metadata.Participant;
import org.siprec.metadata.RecordingMetadata;
import org.siprec.srs.embedded.internal.crypto.RecordingSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the recordings a crash left behind: files in the recordings folder whose recording has no line in
 * {@code index.jsonl} (the line is written when a recording ends, so a recording cut by a crash never got one).
 * Each becomes an index entry in state {@code failed} whose end reason says it was interrupted, with its WAV,
 * metadata documents and raw streams, its parties read from its metadata, its start from its id and its end from
 * its files' last change. Files of a recording session without audio (only its metadata: refused, or cut before its
 * streams were set up) are left as they are: nothing was recorded. Run once at start, off the SIP threads; only files last changed before the SRS started
 * are considered, so a recording of this run is never taken for one.
 */
final class CrashRecovery {
    static final String END_REASON = "interrupted: the SRS stopped while recording (found at start)";
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** {@code <id>.wav}, {@code <id>-metadata-<n>.xml}, {@code <id>-stream-<label>-<n>.rtpdump}; id as RecordingSession makes it. */
    private static final Pattern FILE = Pattern.compile(
            "(\\d{8}-\\d{6}-[0-9a-f]{8})(\\.wav|-metadata-(\\d+)\\.xml|-stream-.*\\.rtpdump)");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private CrashRecovery() {
    }

    /** The recordings under {@code root} without an index line whose files all changed before {@code before}. */
    /** Reads a file's plaintext (a metadata document, maybe encrypted at rest). */
    interface FileReader {
        byte[] read(Path file) throws IOException;
    }

    static List<IndexEntry> find(Path root, RecordingIndex index, Instant before, MetadataReader reader) {
        return find(root, index, before, reader, Files::readAllBytes);
    }

    /**
     * Removes the {@code <name>.seal.part} files a crash left while a recording's files were being encrypted (their
     * plaintext is still there under its own name and is encrypted again).
     */
    static void removeSealParts(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> days = Files.list(root)) {
            for (Path day : days.filter(d -> Files.isDirectory(d) && DAY.matcher(d.getFileName().toString()).matches())
                    .toList()) {
                try (Stream<Path> inDay = Files.list(day)) {
                    for (Path f : inDay.filter(f -> f.getFileName().toString().endsWith(RecordingSealer.PART)).toList()) {
                        Files.deleteIfExists(f);
                        LOG.info("Removed {}, left by a crash while it was being encrypted", f);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot look for partly encrypted files in {}: {}", root, e.toString());
        }
    }

    static List<IndexEntry> find(Path root, RecordingIndex index, Instant before, MetadataReader reader,
            FileReader contents) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Set<String> indexed = new HashSet<>();
        index.latest(Integer.MAX_VALUE, null, e -> true).forEach(e -> indexed.add(e.id()));
        Map<String, List<Path>> files = new TreeMap<>();
        try (Stream<Path> days = Files.list(root)) {
            for (Path day : days.filter(d -> Files.isDirectory(d) && DAY.matcher(d.getFileName().toString()).matches())
                    .toList()) {
                try (Stream<Path> inDay = Files.list(day)) {
                    inDay.forEach(f -> {
                        Matcher m = FILE.matcher(f.getFileName().toString());
                        if (m.matches() && !indexed.contains(m.group(1))) {
                            files.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
                        }
                    });
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot look for recordings interrupted by a crash in {}: {}", root, e.toString());
            return List.of();
        }
        List<IndexEntry> result = new ArrayList<>();
        for (Map.Entry<String, List<Path>> e : files.entrySet()) {
            try {
                IndexEntry entry = entry(root, e.getKey(), e.getValue(), before, reader, contents);
                if (entry != null) {
                    result.add(entry);
                }
            } catch (IOException | RuntimeException ex) {
                LOG.warn("Recording {} left by a crash not recovered: {}", e.getKey(), ex.toString());
            }
        }
        return result;
    }

    private static IndexEntry entry(Path root, String id, List<Path> paths, Instant before, MetadataReader reader,
            FileReader files) throws IOException {
        Instant end = null;
        for (Path p : paths) {
            Instant changed = Files.getLastModifiedTime(p).toInstant();
            if (!changed.isBefore(before)) {
                return null; // written by this run: not a crash's
            }
            end = end == null || changed.isAfter(end) ? changed : end;
        }
        Instant start = LocalDateTime.parse(id.substring(0, 15), ID_TIME).toInstant(ZoneOffset.UTC);
        if (end.isBefore(start)) {
            end = start;
        }
        String wav = null;
        TreeMap<Integer, Path> metadata = new TreeMap<>();
        List<IndexEntry.StreamEntry> streams = new ArrayList<>();
        for (Path p : paths) {
            Matcher m = FILE.matcher(p.getFileName().toString());
            m.matches();
            String rel = root.relativize(p).toString().replace('\\', '/');
            if (m.group(2).equals(".wav")) {
                wav = rel;
            } else if (m.group(3) != null) {
                metadata.put(Integer.parseInt(m.group(3)), p);
            } else {
                streams.add(new IndexEntry.StreamEntry(null, null, null, null, true, null, rel, null, List.of()));
            }
        }
        if (wav == null && streams.isEmpty()) {
            return null; // metadata only: refused before any stream was set up (or cut before), nothing was recorded
        }
        List<IndexEntry.Party> parties = new ArrayList<>();
        List<String> metadataFiles = new ArrayList<>();
        RecordingMetadata md = null;
        for (Path p : metadata.values()) {
            metadataFiles.add(root.relativize(p).toString().replace('\\', '/'));
            try {
                RecordingMetadata doc = reader.read(files.read(p), deviation -> { });
                md = md == null ? doc : md.apply(doc);
            } catch (Exception unreadable) {
                LOG.debug("Recording {}: metadata {} unreadable: {}", id, p, unreadable.toString());
            }
        }
        if (md != null) {
            for (Participant p : md.participants()) {
                parties.add(new IndexEntry.Party(p.id().value(), p.aor(),
                        p.nameIds().stream().map(NameId::name).filter(n -> n != null).findFirst().orElse(null)));
            }
        }
        return new IndexEntry(id, IndexEntry.FAILED, null, List.of(), null, parties, start.toString(), end.toString(),
                Duration.between(start, end).toMillis() / 1000.0, END_REASON, wav, RecordingSession.RATE, List.of(),
                metadataFiles, List.of(), !streams.isEmpty(), streams, null,
                null); // pauses before a crash are not known: the index line says nothing of them
    }
}
