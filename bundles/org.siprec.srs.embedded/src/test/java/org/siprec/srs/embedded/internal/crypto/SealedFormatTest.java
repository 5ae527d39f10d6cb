package org.siprec.srs.embedded.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.siprec.api.catalog.RecordingContent;
import org.siprec.api.catalog.UnreadableContentException;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.srs.embedded.internal.SrsConfig;
import org.siprec.testsupport.Configs;

/**
 * The encrypted recording file format and its keys (docs/storage.md, "Encryption at rest"), on real files and a real
 * PKCS12 key store, with 64-byte segments so that small files have many segments.
 */
class SealedFormatTest {
    private static final int SEGMENT = 64;
    private static final String PASSWORD = "store-secret";

    @TempDir
    Path dir;

    private Path store() throws Exception {
        return TestKeyStores.write(dir.resolve("keys.p12"), PASSWORD,
                Map.of("default.v1", TestKeyStores.key(1), "acme.v1", TestKeyStores.key(2)));
    }

    private RecordingSealer sealer(Map<String, Object> extra) throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of("encryption.enabled", "true",
                "encryption.keystore", dir.resolve("keys.p12").toString(), "encryption.keystore.password", PASSWORD));
        config.putAll(extra);
        return new RecordingSealer(Configs.of(SrsConfig.class, config), SEGMENT);
    }

    private Path plain(String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    private static byte[] read(RecordingContent.Content c, long offset) throws IOException {
        try (InputStream in = c.from(offset)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 3 * SEGMENT + 17, 100_000})
    void roundTripAroundTheSegmentBoundary(int size) throws Exception {
        store();
        Path file = plain("r.wav", size);
        byte[] original = Files.readAllBytes(file);
        RecordingSealer sealer = sealer(Map.of());
        assertEquals(Optional.of("default v1"), sealer.seal("r", List.of(file), List.of()));
        assertTrue(SealedFormat.isSealed(file));
        int segments = Math.max(1, (size + SEGMENT - 1) / SEGMENT);
        assertEquals(SealedFormat.newHeader("default", 1, SEGMENT).length() + size + 16L * segments, Files.size(file));
        assertFalse(Files.exists(dir.resolve("r.wav" + RecordingSealer.PART)));
        try (RecordingContent.Content c = sealer.open(file)) {
            assertEquals(size, c.size());
            assertEquals("default v1", c.key());
            assertArrayEquals(original, read(c, 0));
        }
        // sealing again leaves it as it is (the end of a recording and crash recovery may both try)
        byte[] sealed = Files.readAllBytes(file);
        sealer.seal("r", List.of(file), List.of());
        assertArrayEquals(sealed, Files.readAllBytes(file));
    }

    @Test
    void rangeReadsEqualThePlaintextSlice() throws Exception {
        store();
        Path file = plain("r.wav", 1000);
        byte[] original = Files.readAllBytes(file);
        RecordingSealer sealer = sealer(Map.of());
        sealer.seal("r", List.of(file), List.of());
        try (RecordingContent.Content c = sealer.open(file)) {
            for (int offset : new int[] {0, 1, 63, 64, 65, 500, 999, 1000}) {
                assertArrayEquals(Arrays.copyOfRange(original, offset, 1000), read(c, offset), "from " + offset);
                try (InputStream in = c.from(offset)) {
                    byte[] ten = in.readNBytes(10);
                    assertArrayEquals(Arrays.copyOfRange(original, offset, Math.min(1000, offset + 10)), ten);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> c.from(1001));
        }
    }

    @Test
    void aPlaintextFileIsReadAsItIs() throws Exception {
        Path file = plain("old.wav", 300);
        RecordingSealer off = new RecordingSealer(Configs.of(SrsConfig.class, Map.of()), SEGMENT);
        assertEquals(Optional.empty(), off.seal("old", List.of(file), List.of()));
        try (RecordingContent.Content c = off.open(file)) {
            assertEquals(300, c.size());
            assertNull(c.key());
            assertArrayEquals(Files.readAllBytes(file), read(c, 0));
            assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(file), 250, 300), read(c, 250));
        }
    }

    @Test
    void aTamperedByteFailsAuthentication() throws Exception {
        store();
        RecordingSealer sealer = sealer(Map.of());
        int header = SealedFormat.newHeader("default", 1, SEGMENT).length();
        // a byte of the second segment's ciphertext, of its tag, and of the header (part of every segment's AAD)
        for (long at : new long[] {header + SEGMENT + 16 + 5, header + 2L * (SEGMENT + 16) - 1, 30}) {
            Path file = plain("t" + at + ".wav", 1000);
            sealer.seal("t", List.of(file), List.of());
            byte[] bytes = Files.readAllBytes(file);
            bytes[(int) at] ^= 0x01;
            Files.write(file, bytes);
            UnreadableContentException e = assertThrows(UnreadableContentException.class, () -> {
                try (RecordingContent.Content c = sealer.open(file)) {
                    read(c, 0);
                }
            });
            assertTrue(e.getMessage().contains("fails authentication"), e.getMessage());
        }
    }

    @Test
    void truncationAndReorderingAreDetected() throws Exception {
        store();
        RecordingSealer sealer = sealer(Map.of());
        int header = SealedFormat.newHeader("default", 1, SEGMENT).length();
        int stored = SEGMENT + 16;
        Path file = plain("cut.wav", 10 * SEGMENT);
        sealer.seal("cut", List.of(file), List.of());
        byte[] bytes = Files.readAllBytes(file);
        // cut at a segment boundary: the new last segment was written as "not last"
        Files.write(file, Arrays.copyOf(bytes, header + 6 * stored));
        UnreadableContentException cut = assertThrows(UnreadableContentException.class, () -> sealer.open(file));
        assertTrue(cut.getMessage().contains("segment 5 of 6 fails authentication"), cut.getMessage());
        // cut inside a segment
        Files.write(file, Arrays.copyOf(bytes, header + 6 * stored + 20));
        assertThrows(UnreadableContentException.class, () -> sealer.open(file));
        // two segments swapped: each is decrypted with its position's nonce
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, header + 2 * stored, swapped, header + 3 * stored, stored);
        System.arraycopy(bytes, header + 3 * stored, swapped, header + 2 * stored, stored);
        Files.write(file, swapped);
        try (RecordingContent.Content c = sealer.open(file)) {
            UnreadableContentException e = assertThrows(UnreadableContentException.class, () -> read(c, 0));
            assertTrue(e.getMessage().contains("segment 2 of 10 fails authentication"), e.getMessage());
            // the segments before the swap are read
            try (InputStream in = c.from(0)) {
                assertEquals(2 * SEGMENT, in.readNBytes(2 * SEGMENT).length);
            }
        }
    }

    @Test
    void aWrongKeyGivesAClearError() throws Exception {
        store();
        Path file = plain("k.wav", 500);
        sealer(Map.of()).seal("k", List.of(file), List.of());
        // the same alias and version, another key
        TestKeyStores.write(dir.resolve("keys.p12"), PASSWORD, Map.of("default.v1", TestKeyStores.key(9)));
        RecordingSealer other = sealer(Map.of());
        UnreadableContentException e = assertThrows(UnreadableContentException.class, () -> other.open(file));
        assertTrue(e.getMessage().contains("fails authentication") && e.getMessage().contains("default v1"),
                e.getMessage());
        // the version the file names is gone from the key store
        TestKeyStores.write(dir.resolve("keys.p12"), PASSWORD, Map.of("default.v2", TestKeyStores.key(1)));
        UnreadableContentException gone = assertThrows(UnreadableContentException.class, () -> sealer(Map.of()).open(file));
        assertTrue(gone.getMessage().contains("has no key default.v1"), gone.getMessage());
    }

    @Test
    void rotationWritesNewFilesWithTheNewestVersionAndReadsOldOnes() throws Exception {
        store();
        RecordingSealer sealer = sealer(Map.of());
        Path before = plain("before.wav", 200);
        byte[] beforePlain = Files.readAllBytes(before);
        assertEquals(Optional.of("default v1"), sealer.seal("b", List.of(before), List.of()));
        // keytool -genseckey -alias default.v2 ...: the key store changes; the running sealer reads it again
        TestKeyStores.write(dir.resolve("keys.p12"), PASSWORD, Map.of("default.v1", TestKeyStores.key(1),
                "default.v2", TestKeyStores.key(3), "acme.v1", TestKeyStores.key(2)));
        Files.setLastModifiedTime(dir.resolve("keys.p12"), java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + 5000));
        Path after = plain("after.wav", 200);
        assertEquals(Optional.of("default v2"), sealer.seal("a", List.of(after), List.of()));
        try (RecordingContent.Content c = sealer.open(before)) {
            assertEquals("default v1", c.key());
            assertArrayEquals(beforePlain, read(c, 0));
        }
    }

    @Test
    void aCompanyWithAKeyGetsItsOwnOthersTheDefault() throws Exception {
        store();
        RecordingSealer sealer = sealer(Map.of());
        sealer.directory((SubscriberDirectory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SubscriberDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("subscriber") && args.length == 1) {
                        String aor = (String) args[0];
                        return aor.contains("alice") ? Optional.of(Subscriber.of("alice", "acme", "Alice",
                                RecordingProfile.BOTH)) : aor.contains("bob") ? Optional.of(Subscriber.of("bob",
                                "beta", "Bob", RecordingProfile.BOTH)) : Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                }));
        assertEquals(Optional.of("acme v1"), sealer.seal("1", List.of(plain("1.wav", 10)),
                List.of("sip:unknown@x", "sip:alice@acme.example")));
        // beta has no key of its own: the default key (WARN line)
        assertEquals(Optional.of("default v1"), sealer.seal("2", List.of(plain("2.wav", 10)),
                List.of("sip:bob@beta.example")));
        assertEquals(Optional.of("default v1"), sealer.seal("3", List.of(plain("3.wav", 10)), List.of()));
    }

    @Test
    void keyStoreProblemsLeaveTheRecordingInPlaintextWithAClearReason() throws Exception {
        Path file = plain("p.wav", 100);
        byte[] original = Files.readAllBytes(file);
        // missing file
        RecordingKeys missing = new RecordingKeys(dir.resolve("none.p12"), PASSWORD.toCharArray());
        RecordingKeys.KeyUnavailableException e1 = assertThrows(RecordingKeys.KeyUnavailableException.class,
                () -> missing.current("default"));
        assertTrue(e1.getMessage().contains("none.p12 does not exist (encryption.keystore)"), e1.getMessage());
        assertEquals(Optional.empty(), sealer(Map.of()).seal("p", List.of(file), List.of()));
        assertArrayEquals(original, Files.readAllBytes(file));
        // wrong password
        store();
        RecordingKeys wrong = new RecordingKeys(dir.resolve("keys.p12"), "not-it".toCharArray());
        RecordingKeys.KeyUnavailableException e2 = assertThrows(RecordingKeys.KeyUnavailableException.class,
                () -> wrong.current("default"));
        assertTrue(e2.getMessage().contains("wrong password"), e2.getMessage());
        assertFalse(e2.getMessage().contains("not-it"));
        assertEquals(Optional.empty(), sealer(Map.of("encryption.keystore.password", "not-it")).seal("p",
                List.of(file), List.of()));
        assertArrayEquals(original, Files.readAllBytes(file));
        // no key for the default alias
        RecordingKeys keys = new RecordingKeys(dir.resolve("keys.p12"), PASSWORD.toCharArray());
        RecordingKeys.KeyUnavailableException e3 = assertThrows(RecordingKeys.KeyUnavailableException.class,
                () -> keys.current("fallback"));
        assertTrue(e3.getMessage().contains("has no key fallback.v<N>"), e3.getMessage());
        assertEquals(Optional.empty(), sealer(Map.of("encryption.default.alias", "fallback")).seal("p",
                List.of(file), List.of()));
        assertArrayEquals(original, Files.readAllBytes(file));
        // an entry that is not an AES-256 key is named
        TestKeyStores.write(dir.resolve("keys.p12"), PASSWORD, Map.of("short.v1", new byte[16]));
        RecordingKeys.KeyUnavailableException e4 = assertThrows(RecordingKeys.KeyUnavailableException.class,
                () -> new RecordingKeys(dir.resolve("keys.p12"), PASSWORD.toCharArray()).current("short"));
        assertTrue(e4.getMessage().contains("entry short.v1 is not an AES-256 secret key"), e4.getMessage());
        // the password from a file (first line)
        store();
        Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
        assertEquals(Optional.of("default v1"), sealer(Map.of("encryption.keystore.password", "",
                "encryption.keystore.password.file", dir.resolve("pw").toString())).seal("p", List.of(file), List.of()));
    }
}
