package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.siprec.api.catalog.ArchivedRecording;
import org.siprec.api.catalog.RecordingArchive;
import org.siprec.api.catalog.RecordingContent;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.srs.embedded.internal.crypto.RecordingSealer;
import org.siprec.srs.embedded.internal.crypto.SealedFormat;
import org.siprec.srs.embedded.internal.crypto.TestKeyStores;
import org.siprec.testsupport.Configs;

/**
 * Encryption at rest in the embedded SRS (docs/storage.md), on real sockets (SIP 37140, media 37150-37199) and real
 * files: a recorded call's WAV and metadata are stored encrypted when it ends (not RIFF, no temporary file left), the
 * archive's SHA-256 is that of the stored bytes, and the {@link RecordingContent} reading gives back a WAV that plays
 * with the audio sent; what a crash left in plaintext (and a half-written encrypted copy) is encrypted at the next
 * start before it is handed over as interrupted, its parties read from a metadata document already encrypted.
 */
class EncryptedRecordingTest {
    static final int SIP = 37140;

    private static Map<String, Object> config(Path root, Path store) {
        return Map.of("recordings.dir", root.toString(), "port.min", 37150, "port.max", 37199,
                "encryption.enabled", "true", "encryption.keystore", store.toString(),
                "encryption.keystore.password", "pw-of-the-store");
    }

    private static Path keyStore(Path root) throws Exception {
        return TestKeyStores.write(root.resolve("keys.p12"), "pw-of-the-store", Map.of("default.v1", TestKeyStores.key(7)));
    }

    private static ExtraSipEndpoint endpoint() throws Exception {
        ExtraSipEndpoint ep = new ExtraSipEndpoint();
        ep.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SIP,
                "tcp.port", SIP, "thread.pool.size", 2)));
        return ep;
    }

    private static RecordingArchive into(List<ArchivedRecording> got) {
        return new RecordingArchive() {
            @Override
            public void started(ArchivedRecording r) {
                got.add(r);
            }

            @Override
            public void ended(ArchivedRecording r) {
                got.add(r);
            }
        };
    }

    private static byte[] plaintext(RecordingSealer reader, Path file) throws Exception {
        try (RecordingContent.Content c = reader.open(file); InputStream in = c.from(0)) {
            assertEquals("default v1", c.key(), file.toString());
            return in.readAllBytes();
        }
    }

    @Test
    void aRecordedCallIsStoredEncryptedAndReadsBackAsItsWav() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "encrypted-recordings-");
        Path store = keyStore(root);
        List<ArchivedRecording> got = new CopyOnWriteArrayList<>();
        ExtraSipEndpoint ep = endpoint();
        EmbeddedSrs srs = new EmbeddedSrs(ep, Configs.of(SrsConfig.class, config(root, store)));
        ep.attach(srs);
        srs.bindArchive(into(got));
        try {
            RsInviteForm form = RsInviteForm.load("rfc7866-basic.sip");
            try (RawSrc src = new RawSrc(SIP)) {
                String invite = form.message(SIP, src.port(), "encrypted-" + System.nanoTime());
                String ok = src.request(invite.getBytes(StandardCharsets.UTF_8));
                assertEquals(200, RawSrc.status(ok), ok);
                src.ack(invite, ok);
                src.rtp(RawSrc.answeredPorts(ok).get(0), 25, 0x2002L);
                assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, ok, null, "")));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
        } finally {
            srs.deactivate();
            ep.deactivate();
        }
        ArchivedRecording ended = got.get(1);
        assertEquals(ArchivedRecording.COMPLETED, ended.state());
        RecordingSealer reader = new RecordingSealer(Configs.of(SrsConfig.class, config(root, store)));
        for (ArchivedRecording.StoredFile f : ended.files()) {
            byte[] stored = Files.readAllBytes(f.path());
            assertTrue(SealedFormat.isSealed(f.path()), f + " is encrypted");
            assertEquals(stored.length, f.size());
            assertEquals(ArchiveFeedTest.sha256(f.path()), f.sha256(), "the checksum is of the stored bytes");
        }
        Path wav = ended.files().get(0).path();
        assertFalse(Arrays.equals("RIFF".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(Files.readAllBytes(wav), 4)),
                "not a RIFF WAV on disk");
        byte[] audio = plaintext(reader, wav);
        assertArrayEquals("RIFF".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(audio, 4));
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(
                new java.io.ByteArrayInputStream(audio)))) {
            assertTrue(in.getFrameLength() >= 25 * 160, "the audio sent is in the decrypted WAV");
        }
        String metadata = new String(plaintext(reader, ended.files().get(1).path()), StandardCharsets.UTF_8);
        assertTrue(metadata.contains("urn:ietf:params:xml:ns:recording:1"), metadata);
        try (var all = Files.walk(root)) {
            assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".part")).toList(), "no temporary file left");
        }
    }

    @Test
    void whatACrashLeftInPlaintextIsEncryptedAtTheNextStart() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "encrypted-crash-");
        Path store = keyStore(root);
        Path day = Files.createDirectories(root.resolve("2026-12-01"));
        String id = "20261201-100000-0000cdef";
        Path wav = day.resolve(id + ".wav");
        WavRecorder w = new WavRecorder(wav, 1, 8000); // never closed: the process "died"
        short[] tone = new short[160];
        Arrays.fill(tone, (short) 1000);
        for (int f = 0; f < 8000; f += 160) {
            w.put(0, f, tone, 160);
        }
        w.flush(8000);
        byte[] wavPlain = Files.readAllBytes(wav);
        Path xml = Files.writeString(day.resolve(id + "-metadata-1.xml"), METADATA, StandardCharsets.UTF_8);
        // the crash came while the files were being encrypted: the metadata already was, the WAV's copy half written
        RecordingSealer sealer = new RecordingSealer(Configs.of(SrsConfig.class, config(root, store)));
        sealer.seal(id, List.of(xml), List.of());
        Path part = Files.write(day.resolve(id + ".wav" + RecordingSealer.PART), new byte[100]);
        FileTime past = FileTime.from(Instant.parse("2026-12-01T10:00:01Z"));
        Files.setLastModifiedTime(wav, past);
        Files.setLastModifiedTime(xml, past);

        List<ArchivedRecording> got = new CopyOnWriteArrayList<>();
        ExtraSipEndpoint ep = endpoint();
        EmbeddedSrs srs = new EmbeddedSrs(ep, Configs.of(SrsConfig.class, config(root, store)));
        try {
            srs.bindArchive(into(got));
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
        } finally {
            srs.deactivate();
            ep.deactivate();
        }
        ArchivedRecording r = got.get(0);
        assertEquals(ArchivedRecording.INTERRUPTED, r.state());
        assertEquals(Instant.parse("2026-12-01T10:00:01Z"), r.end(), "the files' last change is kept");
        assertEquals(List.of("sip:alice@atlanta.example.com"),
                r.participants().stream().map(ArchivedRecording.Party::aor).toList(), "read from encrypted metadata");
        assertFalse(Files.exists(part), "the half-written copy is removed");
        for (ArchivedRecording.StoredFile f : r.files()) {
            assertTrue(SealedFormat.isSealed(f.path()), f.toString());
            assertEquals(ArchiveFeedTest.sha256(f.path()), f.sha256());
        }
        assertArrayEquals(wavPlain, plaintext(sealer, wav));
    }

    private static final String METADATA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <recording xmlns="urn:ietf:params:xml:ns:recording:1">
              <datamode>complete</datamode>
              <session session_id="hVpd7YQgRW2nD22h7q60JQ=="/>
              <participant participant_id="srfBElmCRp2QB23b7Mpk0w==">
                <nameID aor="sip:alice@atlanta.example.com"><name xml:lang="en">Alice</name></nameID>
              </participant>
            </recording>
            """;
}
