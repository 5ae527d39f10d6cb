package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.siprec.api.catalog.RecordingQuery;
import org.siprec.api.catalog.StoredRecording;
import org.siprec.testsupport.exam.KarafExamOptions;

/**
 * Encryption at rest in the distribution (docs/storage.md): with {@code encryption.enabled=true}, a key store written
 * here (PKCS12, entry {@code default.v1}) and its password in a file, a call recorded by the embedded SRS
 * ({@code siprec:test-call}) is stored encrypted — its WAV on disk is not RIFF but the documented format, which this
 * test decrypts on its own (HKDF, AES-256-GCM segments, as docs/storage.md describes them) into a valid WAV; the
 * portal's audio answer equals that WAV byte for byte, a Range of it exactly those bytes; {@code siprec:verify}
 * checks the stored bytes and decrypts and authenticates every file; {@code siprec:recording} shows the metadata in
 * plaintext; the key store's password is not in karaf.log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EncryptionKarafTest {
    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration CHANGE = Duration.ofSeconds(20);
    private static final Pattern RECORDING = Pattern.compile("Recording (\\S+) \\(");
    private static final String API = "http://127.0.0.1:" + KarafExamOptions.HTTP_PORT + "/api/v1";
    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes(
            StandardCharsets.UTF_8));
    private static final String PASSWORD = "itest-store-password-7f3a";
    private static final byte[] KEY = key();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    BundleContext context;

    private static byte[] key() {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) 0x5a);
        return k;
    }

    @Configuration
    public Option[] config() throws Exception {
        // the key store as keytool -genseckey -alias default.v1 -keyalg AES -keysize 256 -storetype PKCS12 writes it
        Path dir = Files.createDirectories(Path.of("target", "encryption-itest").toAbsolutePath());
        Path store = dir.resolve("recordings.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, PASSWORD.toCharArray());
        ks.setEntry("default.v1", new KeyStore.SecretKeyEntry(new SecretKeySpec(KEY, "AES")),
                new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        try (OutputStream out = Files.newOutputStream(store)) {
            ks.store(out, PASSWORD.toCharArray());
        }
        Path passwordFile = Files.writeString(dir.resolve("recordings.p12.password"), PASSWORD + "\n");
        return KarafExamOptions.siprecDistribution(
                editConfigurationFilePut("etc/org.siprec.srs.embedded.cfg", "encryption.enabled", "true"),
                editConfigurationFilePut("etc/org.siprec.srs.embedded.cfg", "encryption.keystore", store.toString()),
                editConfigurationFilePut("etc/org.siprec.srs.embedded.cfg", "encryption.keystore.password.file",
                        passwordFile.toString()));
    }

    @Test
    public void aRecordedCallIsStoredEncryptedAndThePortalServesItsWav() throws Exception {
        await("siprec:test-call").atMost(STARTUP).until(() -> commandAvailable("siprec:test-call")
                && commandAvailable("siprec:verify"));
        String call = execute("siprec:test-call --seconds 3");
        Matcher m = RECORDING.matcher(call);
        assertTrue(call, m.find());
        String id = m.group(1);
        RecordingQuery catalogue = service(RecordingQuery.class);
        StoredRecording stored = await("recording " + id + " completed in the catalogue").atMost(CHANGE)
                .until(() -> catalogue.find(id).orElse(null), r -> r != null && r.state().equals("completed"));

        // on disk: not a RIFF WAV, the documented format; decrypted here on its own into a WAV
        byte[] onDisk = Files.readAllBytes(stored.audio().orElseThrow().path());
        assertFalse("the WAV on disk is not RIFF", new String(onDisk, 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF"));
        byte[] wav = decrypt(onDisk, KEY);
        assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.ISO_8859_1));
        assertEquals("WAVE", new String(wav, 8, 4, StandardCharsets.ISO_8859_1));
        assertTrue("about 3 s of 8 kHz 16-bit stereo audio, more than one 64 KiB segment: " + wav.length, wav.length > 65546);
        for (StoredRecording.File f : stored.files()) {
            byte[] bytes = Files.readAllBytes(f.path());
            assertEquals(f.path() + " encrypted", (byte) 0x89, bytes[0]);
            assertEquals("SREC", new String(bytes, 1, 4, StandardCharsets.ISO_8859_1));
        }

        // the portal: the whole WAV, a range, the last bytes
        HttpResponse<byte[]> audio = await("GET audio").atMost(STARTUP).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> get("/recordings/" + id + "/audio", null), r -> r.statusCode() == 200);
        assertEquals("audio/wav", audio.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(wav, audio.body());
        HttpResponse<byte[]> part = get("/recordings/" + id + "/audio", "bytes=65530-65545");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 65530-65545/" + wav.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals("a range across the first segment boundary", Arrays.copyOfRange(wav, 65530, 65546), part.body());
        HttpResponse<byte[]> tail = get("/recordings/" + id + "/audio", "bytes=-44");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(wav, wav.length - 44, wav.length), tail.body());

        // verify: checksums of the stored bytes, and every file decrypted and authenticated
        String ok = execute("siprec:verify " + id);
        assertTrue(ok, ok.contains("OK: 1 recording(s), " + stored.files().size() + " file(s) checked, 0 missing, 0"
                + " altered, " + stored.files().size() + " encrypted file(s) decrypted and authenticated"));
        String shown = execute("siprec:recording " + id);
        assertTrue(shown, shown.contains("urn:ietf:params:xml:ns:recording:1"));

        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        String logged = Files.readString(log);
        assertTrue(logged, logged.contains("Encryption at rest on: key store"));
        assertFalse("the key store password is not logged", logged.contains(PASSWORD));
    }

    /** The format of docs/storage.md, read independently of the platform's code. */
    static byte[] decrypt(byte[] file, byte[] master) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(file);
        byte[] magic = new byte[8];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x89, 'S', 'R', 'E', 'C', '\r', '\n', 0x1a}, magic);
        assertEquals(1, b.get());
        int headerLength = b.getShort() & 0xffff;
        int segment = b.getInt();
        assertEquals(65536, segment);
        assertEquals(1, b.getInt()); // key version
        byte[] salt = new byte[16];
        byte[] prefix = new byte[8];
        b.get(salt).get(prefix);
        int aliasLength = b.get() & 0xff;
        assertEquals("default", new String(file, b.position(), aliasLength, StandardCharsets.UTF_8));
        byte[] header = Arrays.copyOf(file, headerLength);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(master);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update("siprec recording segments v1".getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 1);
        SecretKeySpec fileKey = new SecretKeySpec(mac.doFinal(), "AES");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        int stored = segment + 16;
        for (int i = 0, at = headerLength; at < file.length; i++, at += stored) {
            int length = Math.min(stored, file.length - at);
            boolean last = at + length == file.length;
            byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt(i).array();
            cipher.init(Cipher.DECRYPT_MODE, fileKey, new GCMParameterSpec(128, nonce));
            byte[] aad = Arrays.copyOf(header, header.length + 1);
            aad[header.length] = (byte) (last ? 1 : 0);
            cipher.updateAAD(aad);
            out.write(cipher.doFinal(file, at, length));
        }
        return out.toByteArray();
    }

    private HttpResponse<byte[]> get(String path, String range) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", ADMIN).GET();
        if (range != null) {
            r.header("Range", range);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private <S> S service(Class<S> type) {
        return InContainer.service(context, type);
    }

    private boolean commandAvailable(String name) {
        return InContainer.commandAvailable(context, name);
    }

    private String execute(String command) throws Exception {
        return InContainer.execute(context, command);
    }
}
