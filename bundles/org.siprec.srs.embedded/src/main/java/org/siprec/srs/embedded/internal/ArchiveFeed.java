package org.siprec.srs.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.siprec.api.catalog.ArchivedRecording;
import org.siprec.api.catalog.RecordingArchive;
import org.siprec.metadata.MetadataReader;
import org.siprec.srs.embedded.internal.crypto.RecordingSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the SRS's recordings to the {@link RecordingArchive} services (the database catalogue), on one thread of its
 * own, {@code siprec-srs-archive}: never a SIP or media thread, since an archive writes to a database and the end of
 * a recording reads its files to take their SHA-256. Events of one recording keep their order (one thread). An
 * archive that throws is logged; the others and the recording are not affected.
 */
final class ArchiveFeed {
    static final String THREAD = "siprec-srs-archive";
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveFeed.class);

    private final List<RecordingArchive> archives = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, THREAD);
        t.setDaemon(true);
        return t;
    });

    /** Recordings found interrupted by a crash at start, handed to each archive when it is bound. */
    private final List<ArchivedRecording> recovered = new CopyOnWriteArrayList<>();

    /** At most this many recordings that ended while no archive was bound are kept for the next one. */
    static final int UNARCHIVED_MAX = 1000;

    /**
     * Recordings in progress, so that an archive bound late (the catalogue comes up after the SRS at boot, or after an
     * update of its bundle) is told of them and keeps their rows; a crash then leaves a row to mark interrupted.
     */
    private final Map<String, InProgress> inProgress = new ConcurrentHashMap<>();
    /** Recordings that ended while no archive was bound (boot), oldest first, bounded; handed to each archive bound. */
    private final Deque<Ended> unarchived = new ArrayDeque<>();

    private record InProgress(RecordingSession session, Path root) {
    }

    private record Ended(IndexEntry entry, Path root) {
    }

    /**
     * Binds an archive; it is handed the recordings recovered at start (on the archive thread, after the recovery,
     * which was queued first).
     */
    void add(RecordingArchive archive) {
        archives.add(archive);
        submit("recovered", () -> {
            for (ArchivedRecording r : recovered) {
                handTo(archive, r.id(), a -> a.ended(r));
            }
            List<Ended> ended;
            synchronized (unarchived) {
                ended = new ArrayList<>(unarchived);
            }
            for (Ended e : ended) {
                ArchivedRecording r = toArchived(e.entry(), e.root(), true);
                if (r != null) {
                    handTo(archive, r.id(), a -> a.ended(r));
                }
            }
            for (InProgress p : inProgress.values()) {
                ArchivedRecording r = toArchived(p.session().entry(), p.root(), false);
                if (r != null) {
                    handTo(archive, r.id(), a -> a.started(r)); // the archive keeps a row once (RecordingArchive)
                }
            }
            if (!ended.isEmpty() || !inProgress.isEmpty()) {
                LOG.info("Archive {} bound: told of {} recording(s) in progress and {} that ended before it",
                        archive.getClass().getName(), inProgress.size(), ended.size());
            }
        });
    }

    private static void handTo(RecordingArchive archive, String id, Call call) {
        try {
            call.on(archive);
        } catch (RuntimeException e) {
            LOG.error("Recording {}: archive {} failed", id, archive.getClass().getName(), e);
        }
    }

    /**
     * Once, at start, on the archive thread: the recordings a crash left without an index line get their line (state
     * failed, end reason interrupted) and are kept to be handed to each archive as {@code interrupted}, files with
     * their size and SHA-256 as found.
     */
    void recover(Path root, RecordingIndex index, Instant before, MetadataReader reader, RecordingSealer sealer) {
        submit("recovery", () -> {
            CrashRecovery.removeSealParts(root);
            List<IndexEntry> found = CrashRecovery.find(root, index, before, reader, sealer::readAll);
            for (IndexEntry e : found) {
                // what a crash left in plaintext is encrypted before its checksums are taken
                sealer.seal(e.id(), files(e, root), partyAors(e));
                try {
                    index.append(e);
                } catch (IOException ex) {
                    LOG.error("Recording {}: cannot append to the index: {}", e.id(), ex.toString());
                }
                ArchivedRecording r = toArchived(e, root, true);
                if (r != null) {
                    recovered.add(new ArchivedRecording(r.id(), ArchivedRecording.INTERRUPTED, r.callId(),
                            r.sessionIds(), r.src(), r.company(), r.direction(), r.participants(), r.start(), r.end(),
                            r.codecs(), r.endReason(), r.files(), r.pauses()));
                }
            }
            if (!found.isEmpty()) {
                LOG.warn("{} recording(s) interrupted by a crash found in {} and indexed as failed: {}", found.size(),
                        root, found.stream().map(IndexEntry::id).toList());
            }
        });
    }

    void remove(RecordingArchive archive) {
        archives.remove(archive);
    }

    /** A recording started (its 200 OK was sent): its record with its files, no checksums yet. */
    void started(RecordingSession s, Path root) {
        inProgress.put(s.id, new InProgress(s, root));
        if (archives.isEmpty()) {
            return;
        }
        submit(s.id, () -> {
            ArchivedRecording r = toArchived(s.entry(), root, false);
            if (r != null) {
                each(s.id, a -> a.started(r));
            }
        });
    }

    /** A recording ended (files closed): its record with each file's size and SHA-256, read on the archive thread. */
    void ended(IndexEntry entry, Path root) {
        inProgress.remove(entry.id());
        if (archives.isEmpty()) {
            synchronized (unarchived) {
                if (unarchived.size() == UNARCHIVED_MAX) {
                    unarchived.removeFirst();
                }
                unarchived.addLast(new Ended(entry, root));
            }
            return;
        }
        submit(entry.id(), () -> {
            ArchivedRecording r = toArchived(entry, root, true);
            if (r != null) {
                each(entry.id(), a -> a.ended(r));
            }
        });
    }

    private void submit(String id, Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.warn("Recording {}: not archived, the SRS is stopping", id);
        }
    }

    private interface Call {
        void on(RecordingArchive archive);
    }

    private void each(String id, Call call) {
        for (RecordingArchive a : archives) {
            try {
                call.on(a);
            } catch (RuntimeException e) {
                LOG.error("Recording {}: archive {} failed", id, a.getClass().getName(), e);
            }
        }
    }

    /** Lets pending archive events finish (at most {@code seconds}), then stops the thread. */
    void stop(int seconds) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(seconds, TimeUnit.SECONDS)) {
                LOG.warn("Archive events still pending after {} s were dropped", seconds);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }

    /** The files of an index entry (WAV, metadata documents, raw streams), absolute, each once. */
    static List<Path> files(IndexEntry e, Path root) {
        Set<String> seen = new LinkedHashSet<>();
        if (e.wav() != null) {
            seen.add(e.wav());
        }
        seen.addAll(nonNull(e.metadata()));
        for (IndexEntry.StreamEntry s : nonNull(e.streams())) {
            if (Boolean.TRUE.equals(s.raw()) && s.file() != null) {
                seen.add(s.file());
            }
        }
        return seen.stream().map(f -> root.resolve(f).toAbsolutePath()).toList();
    }

    /** The AORs of an entry's parties, in order (the first the directory knows gives the company's key). */
    static List<String> partyAors(IndexEntry e) {
        List<String> aors = new ArrayList<>();
        for (IndexEntry.Party p : nonNull(e.participants())) {
            aors.add(p.aor());
        }
        return aors;
    }

    /**
     * The archive's view of an index entry. At the end ({@code closed}) every file's size and SHA-256 are read;
     * a file that cannot be read is passed without them (logged). Null when the entry has no start (never recorded).
     */
    static ArchivedRecording toArchived(IndexEntry e, Path root, boolean closed) {
        if (e.start() == null) {
            return null;
        }
        List<ArchivedRecording.Party> parties = new ArrayList<>();
        for (IndexEntry.Party p : nonNull(e.participants())) {
            parties.add(new ArchivedRecording.Party(p.aor(), p.name()));
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ArchivedRecording.StoredFile> files = new ArrayList<>();
        if (e.wav() != null && seen.add(e.wav())) {
            files.add(file(root.resolve(e.wav()), "audio", closed, e.id()));
        }
        for (String m : nonNull(e.metadata())) {
            if (seen.add(m)) {
                files.add(file(root.resolve(m), "metadata", closed, e.id()));
            }
        }
        for (IndexEntry.StreamEntry s : nonNull(e.streams())) {
            if (Boolean.TRUE.equals(s.raw()) && s.file() != null && seen.add(s.file())) {
                files.add(file(root.resolve(s.file()), "raw", closed, e.id()));
            }
        }
        String state = closed ? e.state() : ArchivedRecording.RECORDING;
        return new ArchivedRecording(e.id(), state, e.callId(), nonNull(e.sipSessionIds()), e.src(), null, null,
                parties, Instant.parse(e.start()), closed && e.stop() != null ? Instant.parse(e.stop()) : null,
                String.join(",", nonNull(e.codecs())), closed ? e.endReason() : null, files,
                closed ? e.pausedIntervals() : List.of());
    }

    private static ArchivedRecording.StoredFile file(Path path, String kind, boolean closed, String id) {
        Path p = path.toAbsolutePath();
        if (!closed) {
            return new ArchivedRecording.StoredFile(p, kind, -1, null);
        }
        try {
            return new ArchivedRecording.StoredFile(p, kind, Files.size(p), sha256(p));
        } catch (IOException e) {
            LOG.warn("Recording {}: cannot take the checksum of {}: {}", id, p, e.toString());
            return new ArchivedRecording.StoredFile(p, kind, -1, null);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
