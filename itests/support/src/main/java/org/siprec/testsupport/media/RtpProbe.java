package org.siprec.testsupport.media;

import java.nio.ByteBuffer;

/**
 * The media bench's RTP packet: G.711-sized (12-byte RTP header, 160-byte payload, PCMU, 20 ms), whose payload
 * carries what the sinks need to count and time it wherever it lands (callee, caller or SRS), so that no sink has
 * to know which port belongs to which call: a magic number, the call index, the direction, the bench's own
 * sequence number and the send time ({@link System#nanoTime()}, same JVM as the sinks).
 */
public final class RtpProbe {
    public static final int SIZE = 172;
    public static final int MAGIC = 0x4D424E43; // "MBNC"
    /** Caller to callee (received by the callee and, as a copy, by the SRS). */
    public static final int CALLER_TO_CALLEE = 0;
    /** Callee to caller (received by the caller and, as a copy, by the SRS). */
    public static final int CALLEE_TO_CALLER = 1;

    private RtpProbe() {
    }

    /** Writes a whole packet into {@code buf} (cleared, then flipped for sending). */
    public static void write(ByteBuffer buf, int call, int direction, int seq, long sentNanos) {
        buf.clear();
        buf.put((byte) 0x80).put((byte) 0); // V=2, PT=0 (PCMU)
        buf.putShort((short) seq);
        buf.putInt(seq * 160); // RTP timestamp: 8 kHz, 160 samples per packet
        buf.putInt(0x5000_0000 | (call << 1) | direction); // SSRC per call and direction
        buf.putInt(MAGIC).putInt(call).put((byte) direction).putInt(seq).putLong(sentNanos);
        while (buf.position() < SIZE) {
            buf.put((byte) 0xFF); // PCMU silence
        }
        buf.flip();
    }

    /** A received packet's fields, or null when it is not one of ours (wrong size or magic: counted as foreign). */
    public static Probe read(ByteBuffer buf) {
        if (buf.remaining() != SIZE || buf.getInt(buf.position() + 12) != MAGIC) {
            return null;
        }
        int p = buf.position() + 16;
        return new Probe(buf.getInt(p), buf.get(p + 4), buf.getInt(p + 5), buf.getLong(p + 9));
    }

    /** The bench fields of one received packet. */
    public record Probe(int call, int direction, int seq, long sentNanos) {
    }
}
