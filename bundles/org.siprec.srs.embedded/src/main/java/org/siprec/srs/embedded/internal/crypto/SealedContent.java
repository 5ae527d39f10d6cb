package org.siprec.srs.embedded.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import org.siprec.api.catalog.RecordingContent;
import org.siprec.api.catalog.UnreadableContentException;
import org.siprec.srs.embedded.internal.crypto.SealedFormat.Header;

/**
 * An encrypted recording file ({@link SealedFormat}) read as plaintext: only the segments a read touches are
 * decrypted, each authenticated. The last segment is authenticated when the file is opened, so that {@link #size()}
 * is known to be true (a file cut short or whose end was altered does not open).
 */
final class SealedContent implements RecordingContent.Content {
    private final FileChannel channel;
    private final Path file;
    private final Header header;
    private final SecretKey key;
    private final long segments;
    private final long lastStored;
    private final long size;
    private final Cipher cipher;

    private SealedContent(FileChannel channel, Path file, Header header, SecretKey key) throws IOException {
        this.channel = channel;
        this.file = file;
        this.header = header;
        this.key = key;
        long body = channel.size() - header.length();
        long stored = (long) header.segmentSize() + SealedFormat.TAG;
        if (body < SealedFormat.TAG) {
            throw new UnreadableContentException(file.getFileName() + " is cut short (no segment)");
        }
        this.segments = (body + stored - 1) / stored;
        this.lastStored = body - (segments - 1) * stored;
        if (lastStored < SealedFormat.TAG) {
            throw new UnreadableContentException(file.getFileName() + " is cut short (last segment incomplete)");
        }
        this.size = (segments - 1) * header.segmentSize() + lastStored - SealedFormat.TAG;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has AES/GCM", e);
        }
        segment(segments - 1); // authenticates the end: a cut or altered end does not open
    }

    /**
     * Opens a sealed file whose header was read, with the master key of the alias and version it names.
     *
     * @throws UnreadableContentException when it is cut short or fails authentication
     */
    static SealedContent open(FileChannel channel, Path file, Header header, SecretKey master) throws IOException {
        try {
            return new SealedContent(channel, file, header, SealedFormat.fileKey(master, header));
        } catch (InvalidKeyException e) {
            throw new UnreadableContentException("key " + header.keyName() + " is not an AES key", e);
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String key() {
        return header.keyName();
    }

    /** The plaintext of segment {@code i}, authenticated. */
    synchronized byte[] segment(long i) throws IOException {
        boolean last = i == segments - 1;
        long stored = (long) header.segmentSize() + SealedFormat.TAG;
        ByteBuffer buffer = ByteBuffer.allocate((int) (last ? lastStored : stored));
        long position = header.length() + i * stored;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new UnreadableContentException(file.getFileName() + " is cut short (segment " + i + ")");
            }
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, SealedFormat.nonce(header, i));
            cipher.updateAAD(SealedFormat.aad(header, last));
            return cipher.doFinal(buffer.array());
        } catch (AEADBadTagException e) {
            throw new UnreadableContentException(file.getFileName() + ": segment " + i + " of " + segments
                    + " fails authentication (the file was altered, cut or reordered, or key " + header.keyName()
                    + " is not the one it was written with)");
        } catch (GeneralSecurityException e) {
            throw new UnreadableContentException(file.getFileName() + ": cannot decrypt segment " + i + ": " + e, e);
        }
    }

    @Override
    public InputStream from(long offset) {
        if (offset < 0 || offset > size) {
            throw new IllegalArgumentException("offset " + offset + " outside 0-" + size);
        }
        return new InputStream() {
            private long position = offset;
            private byte[] plain;
            private long plainSegment = -1;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (position >= size) {
                    return -1;
                }
                long i = position / header.segmentSize();
                if (i != plainSegment) {
                    plain = segment(i);
                    plainSegment = i;
                }
                int at = (int) (position - i * header.segmentSize());
                int n = Math.min(len, plain.length - at);
                System.arraycopy(plain, at, b, off, n);
                position += n;
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
