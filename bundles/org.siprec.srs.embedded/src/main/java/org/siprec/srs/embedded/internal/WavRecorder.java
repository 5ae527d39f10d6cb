package org.siprec.srs.embedded.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A multi-channel 16-bit PCM WAV file written while it is recorded. Samples of each channel are put at their frame
 * position into an in-memory window (any order, from any thread; where nothing is put the file gets silence, and two
 * sources put into one channel are mixed); {@link #flush(long)} moves the window's start forward and appends the
 * frames before it to the file.
 * <p>
 * The file is valid at every moment: the header is written first with no data, and after each append the RIFF and
 * data sizes are rewritten, data first, so a crash leaves a file whose header counts only what is really in it.
 */
final class WavRecorder implements Closeable {
    static final int HEADER_BYTES = 44;
    /** Samples further ahead of the written position than this are dropped (a bad RTP timestamp). */
    static final int MAX_AHEAD_SECONDS = 30;
    /** The largest data chunk a RIFF file can describe. */
    private static final long MAX_DATA = 0xFFFF_FFFFL - 36;

    private final Path path;
    private final int channels;
    private final int sampleRate;
    private final FileChannel file;
    private final int maxAhead;

    // the window, guarded by 'window'
    private final Object window = new Object();
    private short[][] buffer;
    private long base;        // frame index of buffer[*][0] == frames already handed to the file
    private long bufferedEnd; // end (exclusive) of the furthest frame put so far
    private long dropped;

    // the file, guarded by 'this'
    private long dataBytes;
    private boolean closed;

    WavRecorder(Path path, int channels, int sampleRate) throws IOException {
        if (channels < 1 || channels > 64) {
            throw new IllegalArgumentException("channels must be 1..64, got " + channels);
        }
        this.path = path;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.maxAhead = sampleRate * MAX_AHEAD_SECONDS;
        this.buffer = new short[channels][sampleRate * 2];
        this.file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writeHeader();
    }

    Path path() {
        return path;
    }

    int channels() {
        return channels;
    }

    int sampleRate() {
        return sampleRate;
    }

    /** Frames in the file so far. */
    long framesWritten() {
        synchronized (window) {
            return base;
        }
    }

    /** Samples dropped because they arrived after their position was written, or far too early. */
    long droppedSamples() {
        synchronized (window) {
            return dropped;
        }
    }

    /**
     * Mixes samples into a channel at a frame position. Samples before the written position are dropped (too late),
     * as are samples more than {@value #MAX_AHEAD_SECONDS} s ahead of it.
     */
    void put(int channel, long frame, short[] samples, int length) {
        synchronized (window) {
            int skip = 0;
            if (frame < base) {
                skip = (int) Math.min(length, base - frame);
                dropped += skip;
            }
            long from = frame + skip;
            int n = length - skip;
            if (n <= 0) {
                return;
            }
            long index = from - base;
            if (index + n > maxAhead) {
                dropped += n;
                return;
            }
            ensureCapacity((int) index + n);
            short[] ch = buffer[channel];
            for (int i = 0; i < n; i++) {
                int mixed = ch[(int) index + i] + samples[skip + i];
                ch[(int) index + i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, mixed));
            }
            bufferedEnd = Math.max(bufferedEnd, from + n);
        }
    }

    private void ensureCapacity(int frames) {
        if (frames <= buffer[0].length) {
            return;
        }
        int size = Math.max(frames, buffer[0].length * 2);
        for (int c = 0; c < channels; c++) {
            buffer[c] = Arrays.copyOf(buffer[c], size);
        }
    }

    /**
     * Appends the frames before {@code upToFrame} to the file (silence where nothing was put) and rewrites the
     * header's sizes.
     */
    synchronized void flush(long upToFrame) throws IOException {
        if (closed) {
            return;
        }
        byte[] bytes;
        synchronized (window) {
            long n = upToFrame - base;
            if (n <= 0) {
                return;
            }
            int frames = (int) Math.min(n, Integer.MAX_VALUE / (2 * channels));
            bytes = new byte[frames * channels * 2];
            int o = 0;
            int available = buffer[0].length;
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < channels; c++) {
                    short s = f < available ? buffer[c][f] : 0;
                    bytes[o++] = (byte) s;
                    bytes[o++] = (byte) (s >> 8);
                }
            }
            for (int c = 0; c < channels; c++) {
                short[] ch = buffer[c];
                if (frames >= ch.length) {
                    Arrays.fill(ch, (short) 0);
                } else {
                    System.arraycopy(ch, frames, ch, 0, ch.length - frames);
                    Arrays.fill(ch, ch.length - frames, ch.length, (short) 0);
                }
            }
            base += frames;
            bufferedEnd = Math.max(bufferedEnd, base);
        }
        if (dataBytes + bytes.length > MAX_DATA) {
            return; // a RIFF file cannot hold more; the rest is lost (37 hours of stereo 8 kHz)
        }
        ByteBuffer data = ByteBuffer.wrap(bytes);
        long at = HEADER_BYTES + dataBytes;
        while (data.hasRemaining()) {
            at += file.write(data, at);
        }
        dataBytes += bytes.length;
        writeHeader();
    }

    /** Frames put so far, the furthest position (exclusive). */
    long bufferedEnd() {
        synchronized (window) {
            return bufferedEnd;
        }
    }

    /**
     * Writes everything up to {@code endFrame} or the furthest sample put, whichever is later, and closes the file.
     */
    synchronized void close(long endFrame) throws IOException {
        if (closed) {
            return;
        }
        try {
            flush(Math.max(endFrame, bufferedEnd()));
            file.force(true);
        } finally {
            closed = true;
            file.close();
        }
    }

    @Override
    public void close() throws IOException {
        close(0);
    }

    private void writeHeader() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataBytes)).put(new byte[] {'W', 'A', 'V', 'E'});
        h.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        h.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
        h.flip();
        long at = 0;
        while (h.hasRemaining()) {
            at += file.write(h, at);
        }
    }
}
