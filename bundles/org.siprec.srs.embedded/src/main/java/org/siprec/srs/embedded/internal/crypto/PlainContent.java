package org.siprec.srs.embedded.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import org.siprec.api.catalog.RecordingContent;

/** A recording file stored in plaintext (written before encryption was enabled, or while it could not be). */
final class PlainContent implements RecordingContent.Content {
    private final FileChannel channel;
    private final long size;

    PlainContent(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String key() {
        return null;
    }

    @Override
    public InputStream from(long offset) throws IOException {
        if (offset < 0 || offset > size) {
            throw new IllegalArgumentException("offset " + offset + " outside 0-" + size);
        }
        // positional reads: several streams of one content may be open, and closing one leaves the file open
        return new InputStream() {
            private long position = offset;

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
                int n = channel.read(java.nio.ByteBuffer.wrap(b, off, len), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
