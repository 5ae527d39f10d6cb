package org.siprec.srs.embedded.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.siprec.api.catalog.UnreadableContentException;

/**
 * The file format of a recording's file encrypted at rest (docs/storage.md, "Encryption at rest"): a header, then the
 * plaintext cut into segments of a fixed size, each encrypted with AES-256-GCM on its own, so that any byte range can be
 * read by decrypting only the segments it touches (a player seeking with HTTP Range).
 * <pre>
 * header: magic 89 53 52 45 43 0D 0A 1A ("\x89SREC\r\n\x1a") | format version (1 byte, 1) | header length (2 bytes)
 *         | segment size (4 bytes, plaintext bytes per segment) | key version (4 bytes) | salt (16 bytes)
 *         | nonce prefix (8 bytes) | alias length (1 byte) | key alias (UTF-8)
 * segment i (0-based): AES-256-GCM of plaintext bytes [i*size, (i+1)*size) followed by its 16-byte tag;
 *         key   = HKDF-SHA256(master key of alias+version, salt, "siprec recording segments v1"), one per file
 *         nonce = nonce prefix || i (4 bytes, big-endian)
 *         AAD   = the whole header || 1 if it is the last segment, else 0
 * </pre>
 * Integers are big-endian. Every segment but the last holds exactly {@code segment size} plaintext bytes; the last holds
 * 0 to {@code segment size} (an empty file is one empty last segment). Altering a byte (header included), swapping
 * segments (the nonce carries the position) or cutting the file at a segment boundary (the new last segment was
 * written as not last) fails authentication.
 */
public final class SealedFormat {
    static final byte[] MAGIC = {(byte) 0x89, 'S', 'R', 'E', 'C', '\r', '\n', 0x1a};
    static final int FORMAT_VERSION = 1;
    public static final int DEFAULT_SEGMENT = 64 * 1024;
    static final int TAG = 16;
    static final int SALT = 16;
    static final int NONCE_PREFIX = 8;
    private static final int FIXED = MAGIC.length + 1 + 2 + 4 + 4 + SALT + NONCE_PREFIX + 1;
    private static final byte[] INFO = "siprec recording segments v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedFormat() {
    }

    /** A file's header: what it names, and its encoded bytes (part of every segment's AAD). */
    record Header(String alias, int keyVersion, int segmentSize, byte[] salt, byte[] noncePrefix, byte[] bytes) {
        int length() {
            return bytes.length;
        }

        /** {@code alias v<version>}, as logged and shown. */
        String keyName() {
            return alias + " v" + keyVersion;
        }
    }

    static Header newHeader(String alias, int keyVersion, int segmentSize) {
        byte[] name = alias.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > 255) {
            throw new IllegalArgumentException("key alias of 1 to 255 bytes expected: " + alias);
        }
        if (segmentSize < 16 || segmentSize > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("segment size from 16 bytes to 16 MiB expected: " + segmentSize);
        }
        byte[] salt = new byte[SALT];
        byte[] prefix = new byte[NONCE_PREFIX];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(prefix);
        ByteBuffer b = ByteBuffer.allocate(FIXED + name.length);
        b.put(MAGIC).put((byte) FORMAT_VERSION).putShort((short) (FIXED + name.length)).putInt(segmentSize)
                .putInt(keyVersion).put(salt).put(prefix).put((byte) name.length).put(name);
        return new Header(alias, keyVersion, segmentSize, salt, prefix, b.array());
    }

    /** Whether the file starts with the format's magic (it is stored encrypted). */
    public static boolean isSealed(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /** Reads the header at the start of {@code channel}. @throws UnreadableContentException when it is not one */
    static Header readHeader(FileChannel channel, Path file) throws IOException {
        ByteBuffer fixed = ByteBuffer.allocate(FIXED);
        readFully(channel, fixed, 0);
        fixed.flip();
        byte[] magic = new byte[MAGIC.length];
        if (fixed.limit() >= MAGIC.length) {
            fixed.get(magic);
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new UnreadableContentException(file.getFileName() + " is not an encrypted recording file");
        }
        if (fixed.limit() < FIXED) {
            throw new UnreadableContentException(file.getFileName() + " has a broken header (file cut short)");
        }
        int version = fixed.get() & 0xff;
        if (version != FORMAT_VERSION) {
            throw new UnreadableContentException(file.getFileName() + " has format version " + version
                    + ", this platform reads version " + FORMAT_VERSION);
        }
        int length = fixed.getShort() & 0xffff;
        int segmentSize = fixed.getInt();
        int keyVersion = fixed.getInt();
        byte[] salt = new byte[SALT];
        byte[] prefix = new byte[NONCE_PREFIX];
        fixed.get(salt).get(prefix);
        int nameLength = fixed.get() & 0xff;
        if (length != FIXED + nameLength || segmentSize < 16 || nameLength == 0) {
            throw new UnreadableContentException(file.getFileName() + " has a broken header");
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        readFully(channel, all, 0);
        if (all.position() < length) {
            throw new UnreadableContentException(file.getFileName() + " has a broken header (file cut short)");
        }
        byte[] bytes = all.array();
        String alias = new String(bytes, FIXED, nameLength, StandardCharsets.UTF_8);
        return new Header(alias, keyVersion, segmentSize, salt, prefix, bytes);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long p = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, p);
            if (n < 0) {
                return;
            }
            p += n;
        }
    }

    /** The per-file key: HKDF-SHA256 (RFC 5869) of the master key with the file's salt, one 32-byte block. */
    static SecretKey fileKey(SecretKey master, Header header) throws InvalidKeyException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(header.salt(), "HmacSHA256"));
            byte[] prk = mac.doFinal(master.getEncoded());
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(INFO);
            mac.update((byte) 1);
            return new SecretKeySpec(mac.doFinal(), "AES");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    static GCMParameterSpec nonce(Header header, long segment) {
        ByteBuffer n = ByteBuffer.allocate(12);
        n.put(header.noncePrefix()).putInt((int) segment);
        return new GCMParameterSpec(TAG * 8, n.array());
    }

    static byte[] aad(Header header, boolean last) {
        byte[] aad = Arrays.copyOf(header.bytes(), header.length() + 1);
        aad[aad.length - 1] = (byte) (last ? 1 : 0);
        return aad;
    }

    /**
     * Encrypts {@code plaintext} (read to its end) into {@code out} with the master key of {@code alias} version
     * {@code keyVersion}.
     */
    static void seal(InputStream plaintext, OutputStream out, SecretKey master, String alias, int keyVersion,
            int segmentSize) throws IOException {
        Header header = newHeader(alias, keyVersion, segmentSize);
        out.write(header.bytes());
        try {
            SecretKey key = fileKey(master, header);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] current = new byte[segmentSize];
            byte[] next = new byte[segmentSize];
            byte[] sealed = new byte[segmentSize + TAG];
            int n = plaintext.readNBytes(current, 0, segmentSize);
            for (long i = 0; ; i++) {
                if (i > 0xFFFFFFFFL) {
                    throw new IOException("file too large for its segment size");
                }
                // the last segment is the one after which nothing follows: read ahead to know
                int m = n < segmentSize ? 0 : plaintext.readNBytes(next, 0, segmentSize);
                boolean last = m == 0;
                cipher.init(Cipher.ENCRYPT_MODE, key, nonce(header, i));
                cipher.updateAAD(aad(header, last));
                int length = cipher.doFinal(current, 0, n, sealed, 0);
                out.write(sealed, 0, length);
                if (last) {
                    return;
                }
                byte[] t = current;
                current = next;
                next = t;
                n = m;
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt: " + e, e);
        }
    }
}
