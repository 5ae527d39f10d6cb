package org.siprec.srs.embedded.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stream the SRS cannot decode, stored as received. Format: one ASCII header line
 * {@code SIPREC-RTPDUMP/1 label=<label> codec=<name> pt=<payload type> clock=<rate> start=<ISO instant>} ending in
 * {@code \n}; then one record per packet: arrival time in microseconds since the recording's start (8 bytes, big
 * endian), packet length (2 bytes, big endian), the whole RTP packet as received.
 * <p>
 * Packets are collected in memory by the receiving thread and appended to the file by {@link #flush()}.
 */
final class RawRtpDump implements Closeable {
    private final Path path;
    private final FileChannel file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long packets;
    private boolean closed;

    RawRtpDump(Path path, String header) throws IOException {
        this.path = path;
        this.file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        write(ByteBuffer.wrap(("SIPREC-RTPDUMP/1 " + header + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    Path path() {
        return path;
    }

    /** Adds the packet between {@code packet}'s position and limit (the buffer is left unchanged). */
    void add(long micros, ByteBuffer packet) {
        int offset = packet.position();
        int length = packet.remaining();
        synchronized (pending) {
            if (pending.size() > 16 * 1024 * 1024) {
                return; // the writer is far behind; drop rather than grow without bound
            }
            for (int i = 7; i >= 0; i--) {
                pending.write((int) (micros >>> (8 * i)));
            }
            pending.write(length >>> 8);
            pending.write(length);
            for (int i = 0; i < length; i++) {
                pending.write(packet.get(offset + i));
            }
            packets++;
        }
    }

    long packets() {
        synchronized (pending) {
            return packets;
        }
    }

    synchronized void flush() throws IOException {
        if (closed) {
            return;
        }
        byte[] bytes;
        synchronized (pending) {
            if (pending.size() == 0) {
                return;
            }
            bytes = pending.toByteArray();
            pending.reset();
        }
        write(ByteBuffer.wrap(bytes));
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            file.write(b);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            file.close();
        }
    }
}
