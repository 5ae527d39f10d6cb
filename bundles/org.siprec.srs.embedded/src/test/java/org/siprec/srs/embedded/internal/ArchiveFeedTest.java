package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import org.siprec.api.catalog.ArchivedRecording;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingArchive;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.testsupport.Configs;

/**
 * The embedded SRS hands each recording to the {@link RecordingArchive} services: a real RS INVITE, RTP and BYE over
 * UDP (SIP port 35990, media 35910-35989) to a real SRS; the archive gets {@code started} (state recording, files
 * without checksums) then {@code ended} (completed, each file's size and SHA-256 equal to the file on disk), both on
 * the thread {@code siprec-srs-archive}; the metadata document is written whole (no temporary file left).
 */
class ArchiveFeedTest {
    static final int SIP = 35990;
    private static ExtraSipEndpoint endpoint;
    private static EmbeddedSrs srs;
    private static Path recordings;
    private static final List<String> calls = new CopyOnWriteArrayList<>();
    private static final List<ArchivedRecording> records = new CopyOnWriteArrayList<>();

    /** An archive that keeps what it is handed, and on which thread. */
    private static final RecordingArchive ARCHIVE = new RecordingArchive() {
        @Override
        public void started(ArchivedRecording r) {
            calls.add("started " + r.id() + " on " + Thread.currentThread().getName());
            records.add(r);
        }

        @Override
        public void ended(ArchivedRecording r) {
            calls.add("ended " + r.id() + " on " + Thread.currentThread().getName());
            records.add(r);
        }
    };

    @BeforeAll
    static void start() throws Exception {
        recordings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "archive-recordings-");
        endpoint = new ExtraSipEndpoint();
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SIP,
                "tcp.port", SIP, "thread.pool.size", 4)));
        srs = new EmbeddedSrs(endpoint, Configs.of(SrsConfig.class, Map.of("recordings.dir", recordings.toString(),
                "port.min", 35910, "port.max", 35989)));
        srs.bindArchive(ARCHIVE);
        endpoint.attach(srs);
    }

    @AfterAll
    static void stop() {
        srs.deactivate();
        endpoint.deactivate();
    }

    @Test
    void aRecordingIsHandedToTheArchiveAtItsStartAndAtItsEndWithChecksums() throws Exception {
        RsInviteForm form = RsInviteForm.load("rfc7866-basic.sip");
        String callId = "archive-" + System.nanoTime();
        try (RawSrc src = new RawSrc(SIP)) {
            String invite = form.message(SIP, src.port(), callId);
            String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok), ok);
            src.ack(invite, ok);
            await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
            List<Integer> ports = RawSrc.answeredPorts(ok);
            src.rtp(ports.get(0), 25, 0x1001L);
            assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 2);

        ArchivedRecording started = records.get(0);
        ArchivedRecording ended = records.get(1);
        assertEquals(List.of("started " + started.id() + " on siprec-srs-archive",
                "ended " + started.id() + " on siprec-srs-archive"), calls);
        assertEquals(ArchivedRecording.RECORDING, started.state());
        assertNull(started.end());
        assertEquals(callId, started.callId());
        assertTrue(started.files().stream().allMatch(f -> f.sha256() == null && f.size() == -1), started.toString());
        assertEquals(form.participants(), started.participants().stream().map(ArchivedRecording.Party::aor).toList());

        assertEquals(ArchivedRecording.COMPLETED, ended.state());
        assertEquals("BYE", ended.endReason());
        assertTrue(ended.end() != null && !ended.end().isBefore(ended.start()));
        assertEquals(List.of("audio", "metadata"), ended.files().stream().map(ArchivedRecording.StoredFile::kind).toList());
        for (ArchivedRecording.StoredFile f : ended.files()) {
            assertTrue(f.path().isAbsolute(), f.toString());
            assertEquals(Files.size(f.path()), f.size(), f.toString());
            assertEquals(sha256(f.path()), f.sha256(), f.toString());
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(ended.files().get(0).path().toFile())) {
            assertTrue(in.getFrameLength() >= 25 * 160, "the audio sent is in the WAV");
        }
        try (var all = Files.walk(recordings)) {
            assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".part")).toList(), "no temporary file left");
        }
    }

    /**
     * An archive bound late (the catalogue comes up after the SRS at boot) is told of the recording in progress, so
     * that it keeps its row (a crash then leaves a row to mark interrupted), and of the one that ended before it.
     */
    @Test
    void anArchiveBoundLateIsToldOfTheRecordingsInProgressAndOfThoseThatEndedBeforeIt() throws Exception {
        srs.unbindArchive(ARCHIVE);
        List<String> late = new CopyOnWriteArrayList<>();
        RecordingArchive lateArchive = new RecordingArchive() {
            @Override
            public void started(ArchivedRecording r) {
                late.add("started " + r.callId() + " " + r.state());
            }

            @Override
            public void ended(ArchivedRecording r) {
                late.add("ended " + r.callId() + " " + r.state());
            }
        };
        RsInviteForm form = RsInviteForm.load("rfc7866-basic.sip");
        String endedCall = "archive-ended-" + System.nanoTime();
        String liveCall = "archive-live-" + System.nanoTime();
        try (RawSrc first = new RawSrc(SIP); RawSrc second = new RawSrc(SIP)) {
            String invite1 = form.message(SIP, first.port(), endedCall);
            String ok1 = first.request(invite1.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok1), ok1);
            first.ack(invite1, ok1);
            assertEquals(200, RawSrc.status(first.inDialogRequest("BYE", invite1, ok1, null, "")));
            String invite2 = form.message(SIP, second.port(), liveCall);
            String ok2 = second.request(invite2.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, RawSrc.status(ok2), ok2);
            second.ack(invite2, ok2);

            // the BYE's 200 comes before the recording is closed and indexed: bound before that, the late archive
            // would be told of the first recording as one in progress and then of its end (right, but not this case)
            Path index = recordings.resolve("index.jsonl");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(index) && Files.readString(index).contains(endedCall));
            srs.bindArchive(lateArchive);
            String endedEarlier = "ended " + endedCall + " " + ArchivedRecording.COMPLETED;
            String inProgress = "started " + liveCall + " " + ArchivedRecording.RECORDING;
            await().atMost(Duration.ofSeconds(30)).until(() -> late.contains(endedEarlier) && late.contains(inProgress));
            assertEquals(List.of(endedEarlier, inProgress),
                    late.stream().filter(e -> !e.equals("started " + endedCall + " " + ArchivedRecording.RECORDING)).toList(),
                    "told once of each, the ended one first (a 'started' of the first may precede its end: " + late + ")");
            assertEquals(200, RawSrc.status(second.inDialogRequest("BYE", invite2, ok2, null, "")));
            String liveEnded = "ended " + liveCall + " " + ArchivedRecording.COMPLETED;
            await().atMost(Duration.ofSeconds(30)).until(() -> late.contains(liveEnded));
            assertEquals(liveEnded, late.get(late.size() - 1));
            assertEquals(1, late.stream().filter(inProgress::equals).count(), late.toString());
        } finally {
            srs.unbindArchive(lateArchive);
            srs.bindArchive(ARCHIVE);
            // the shared archive is handed the recording that ended unarchived too: not the other tests' business
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().anyMatch(c -> c.startsWith("ended ")));
            calls.clear();
            records.clear();
        }
    }

    /**
     * The paused intervals of the index line go to the archive with the recording's end (none at its start: it has
     * not been paused yet), the last one with its end when the recording ended paused.
     */
    @Test
    void thePausedIntervalsOfARecordingGoToTheArchiveAtItsEnd() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "paused-recordings-");
        Files.createDirectories(root.resolve("2026-12-01"));
        Files.write(root.resolve("2026-12-01/p.wav"), new byte[] {1, 2, 3});
        IndexEntry line = new IndexEntry("p", IndexEntry.COMPLETED, "rs-p", List.of(), null, List.of(),
                "2026-12-01T09:00:00Z", "2026-12-01T09:00:30Z", 30.0, "BYE", "2026-12-01/p.wav", 8000, List.of(),
                List.of(), List.of("PCMU"), false, List.of(), 0L, List.of(
                        new IndexEntry.PauseEntry("2026-12-01T09:00:05Z", "2026-12-01T09:00:09.250Z"),
                        new IndexEntry.PauseEntry("2026-12-01T09:00:20Z", "2026-12-01T09:00:30Z")));
        assertEquals(List.of(new CatalogEntry.Pause(Instant.parse("2026-12-01T09:00:05Z"),
                Instant.parse("2026-12-01T09:00:09.250Z")), new CatalogEntry.Pause(
                Instant.parse("2026-12-01T09:00:20Z"), Instant.parse("2026-12-01T09:00:30Z"))),
                ArchiveFeed.toArchived(line, root, true).pauses());
        assertEquals(List.of(), ArchiveFeed.toArchived(line, root, false).pauses());
    }

    /**
     * A crash left a recording without its index line (a WAV written up to the crash, its metadata): an SRS starting
     * on that folder appends its index line (failed, interrupted) and hands it to an archive bound after the start as
     * {@code ended} in state interrupted, with its parties and each file's SHA-256; an indexed recording and a
     * metadata document without audio (a refused recording session) are left alone; the next start finds nothing more.
     */
    @Test
    void aRecordingLeftByACrashIsIndexedAndHandedToTheArchiveAtStart() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-recordings-");
        Path day = Files.createDirectories(root.resolve("2026-12-01"));
        String id = "20261201-100000-0000abcd";
        Path wav = day.resolve(id + ".wav");
        WavRecorder w = new WavRecorder(wav, 2, 8000); // never closed: the process "died"
        short[] tone = new short[160];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(i * 2 * Math.PI / 18));
        }
        for (int f = 0; f < 8000; f += 160) {
            w.put(0, f, tone, 160);
        }
        w.flush(8000);
        Path xml = Files.writeString(day.resolve(id + "-metadata-1.xml"), METADATA, StandardCharsets.UTF_8);
        Files.writeString(day.resolve("20261201-090000-0000aaaa.wav"), "indexed elsewhere");
        Path refused = Files.writeString(day.resolve("20261201-080000-0000bbbb-metadata-1.xml"), METADATA); // no audio
        Files.setLastModifiedTime(refused, java.nio.file.attribute.FileTime.from(
                java.time.Instant.parse("2026-12-01T08:00:00Z")));
        new RecordingIndex(root).append(new IndexEntry("20261201-090000-0000aaaa", IndexEntry.COMPLETED, "c", List.of(),
                null, List.of(), "2026-12-01T09:00:00Z", "2026-12-01T09:00:05Z", 5.0, "BYE",
                "2026-12-01/20261201-090000-0000aaaa.wav", 8000, List.of(), List.of(), List.of(), false, List.of(), 0L, List.of()));
        java.nio.file.attribute.FileTime past = java.nio.file.attribute.FileTime.from(
                java.time.Instant.parse("2026-12-01T10:00:01Z"));
        Files.setLastModifiedTime(wav, past);
        Files.setLastModifiedTime(xml, past);

        List<ArchivedRecording> got = new CopyOnWriteArrayList<>();
        RecordingArchive archive = new RecordingArchive() {
            @Override
            public void started(ArchivedRecording r) {
                got.add(r);
            }

            @Override
            public void ended(ArchivedRecording r) {
                got.add(r);
            }
        };
        for (int run = 0; run < 2; run++) {
            ExtraSipEndpoint ep = new ExtraSipEndpoint();
            ep.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", 35992,
                    "tcp.port", 35992, "thread.pool.size", 2)));
            EmbeddedSrs restarted = new EmbeddedSrs(ep, Configs.of(SrsConfig.class, Map.of("recordings.dir",
                    root.toString(), "port.min", 35994, "port.max", 35998)));
            try {
                restarted.bindArchive(archive);
                if (run == 0) {
                    await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
                    ArchivedRecording r = got.get(0);
                    assertEquals(id, r.id());
                    assertEquals(ArchivedRecording.INTERRUPTED, r.state());
                    assertEquals(java.time.Instant.parse("2026-12-01T10:00:00Z"), r.start());
                    assertEquals(java.time.Instant.parse("2026-12-01T10:00:01Z"), r.end());
                    assertEquals(List.of("sip:alice@atlanta.example.com", "sip:bob@biloxi.example.com"),
                            r.participants().stream().map(ArchivedRecording.Party::aor).toList());
                    assertEquals(List.of(wav.toAbsolutePath(), xml.toAbsolutePath()),
                            r.files().stream().map(ArchivedRecording.StoredFile::path).toList());
                    for (ArchivedRecording.StoredFile f : r.files()) {
                        assertEquals(sha256(f.path()), f.sha256());
                    }
                    assertEquals(org.siprec.api.catalog.RecordingState.FAILED, restarted.find(id).orElseThrow().state());
                    assertEquals(CrashRecovery.END_REASON, restarted.find(id).orElseThrow().endReason());
                } else {
                    // the next start finds nothing more: nothing comes for a while
                    await("nothing more handed over").during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3))
                            .until(() -> got.size() == 1);
                }
            } finally {
                restarted.deactivate();
                ep.deactivate();
            }
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            assertEquals(8000, in.getFrameLength(), "the WAV left by the crash plays its second of audio");
        }
    }

    private static final String METADATA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <recording xmlns="urn:ietf:params:xml:ns:recording:1">
              <datamode>complete</datamode>
              <session session_id="hVpd7YQgRW2nD22h7q60JQ=="/>
              <participant participant_id="srfBElmCRp2QB23b7Mpk0w==">
                <nameID aor="sip:alice@atlanta.example.com"><name xml:lang="en">Alice</name></nameID>
              </participant>
              <participant participant_id="zSfPoSvdSDCmU3A3TRDxAw==">
                <nameID aor="sip:bob@biloxi.example.com"><name xml:lang="en">Bob</name></nameID>
              </participant>
            </recording>
            """;

    static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            d.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
