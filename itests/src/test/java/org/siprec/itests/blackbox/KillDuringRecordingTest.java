package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A crash in the middle of a recorded call (issue 9): the distribution records a call through its embedded SRS, its
 * JVM is killed with SIGKILL ({@code kill -9}) while the call and its recording are in progress, and started again.
 * After the restart the recording's row in the catalogue ({@code store.srs_recordings}, embedded H2) is
 * {@code interrupted}, its WAV opens and holds the audio recorded before the kill, the SHA-256 the catalogue took on
 * restart is the file's, the embedded SRS gives it its {@code index.jsonl} line (failed, interrupted), and every file
 * under {@code data/recordings/} has its row (no file without a row, no row without a file).
 */
public class KillDuringRecordingTest extends BlackBoxSupport {
    @ClassRule
    public static final KarafResource KARAF = new KarafResource(KillDuringRecordingTest.class);

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void aRecordingCutByKillNineIsInterruptedAndItsFilePlayableAfterRestart() throws Exception {
        KarafProcess karaf = karaf();
        Path recordings = karaf.home().resolve("data/recordings");
        Path tone = TonePcap.write(testDir().resolve("tone-440.pcap"), 440, 20);
        started(callee("uas_basic.xml").key("pcap", tone.toString()).startListening());
        started(caller("uac_basic.xml").key("pcap", tone.toString()).pause(30_000).start());

        // at least 2 s of stereo audio in the WAV (16-bit, 8 kHz, 2 channels: 64,000 bytes per 2 s)
        Path wav = await("a WAV with 2 s of audio under " + recordings).atMost(Duration.ofSeconds(20))
                .until(() -> wavs(recordings).stream().filter(w -> size(w) > 44 + 64_000).findFirst(), Optional::isPresent)
                .get();
        String id = wav.getFileName().toString().replace(".wav", "");

        ProcessHandle java = karaf.javaProcess();
        long pid = java.pid();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        assertTrue("the Karaf JVM " + pid + " died of kill -9", java.onExit().get(10, TimeUnit.SECONDS) != null
                && !java.isAlive());
        stopLeftovers(); // the SIPp peers of the dead call
        long sizeAtKill = Files.size(wav);

        karaf.start(KarafResource.START_TIMEOUT);
        Path log = karaf.karafLog();
        await("the catalogue marks " + id + " interrupted (karaf.log)").atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(log).contains("marked interrupted: [" + id + "]"));
        await("the embedded SRS indexes " + id + " as interrupted (index.jsonl)").atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(recordings.resolve("index.jsonl")) && Files.readAllLines(
                        recordings.resolve("index.jsonl")).stream().anyMatch(l -> l.contains("\"id\":\"" + id + "\"")
                                && l.contains("\"state\":\"failed\"") && l.contains("interrupted")));
        karaf.close(); // the embedded H2 file is opened by one process at a time: read it once the platform stopped

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + karaf.home().resolve("data/db/siprec")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "siprec", "")) {
            assertEquals(List.of("interrupted"), query(c, "SELECT state FROM store.srs_recordings WHERE id = ?", id));
            List<String> row = query(c, "SELECT size_bytes FROM store.srs_recording_files WHERE path = ?",
                    wav.toAbsolutePath().toString());
            assertEquals(List.of(Long.toString(Files.size(wav))), row);
            assertEquals(List.of(sha256(wav)), query(c, "SELECT sha256 FROM store.srs_recording_files WHERE path = ?",
                    wav.toAbsolutePath().toString()));
            assertEquals(List.of("recording.interrupted"), query(c,
                    "SELECT event FROM store.audit_events WHERE recording_id = ?", id));

            // no file without a row and no row without a file
            Set<String> onDisk = new TreeSet<>();
            try (Stream<Path> files = Files.walk(recordings)) {
                files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("index.jsonl"))
                        .forEach(p -> onDisk.add(p.toAbsolutePath().toString()));
            }
            Set<String> inCatalogue = new TreeSet<>(query(c, "SELECT path FROM store.srs_recording_files", null));
            assertEquals(onDisk, inCatalogue);
        }

        assertTrue("the WAV was not written after the kill", Files.size(wav) == sizeAtKill);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            assertEquals(2, in.getFormat().getChannels());
            long frames = in.getFrameLength();
            assertTrue("the WAV plays the " + frames / 8000.0 + " s recorded before the kill", frames >= 2 * 8000);
            assertEquals("every sample the header counts is there", frames * 4, in.readAllBytes().length);
        }
    }

    private static List<Path> wavs(Path recordings) throws IOException {
        if (!Files.isDirectory(recordings)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(recordings)) {
            return files.filter(p -> p.toString().endsWith(".wav")).toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> query(Connection c, String sql, String param) throws Exception {
        List<String> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (param != null) {
                s.setString(1, param);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String v = r.getString(1);
                    result.add(v == null ? null : v.trim());
                }
            }
        }
        return result;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
