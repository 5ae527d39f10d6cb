package org.siprec.media.rtp;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The RTP fixed header (RFC 3550 section 5.1) read in place from a {@link ByteBuffer}: no copy, no allocation. One
 * instance is a reusable view for one thread (e.g. a selector loop's): {@link #parse(ByteBuffer)} checks a datagram
 * and, when it is RTP, makes its fields readable until the next parse; the buffer's position and limit are left as
 * they are. {@link #check(ByteBuffer)} classifies without keeping anything.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC)        |
 * |   [X] profile-defined          |   [X] length in 32-bit words |  extension data ...
 * </pre>
 *
 * <p>Offsets given by the accessors ({@link #payloadOffset()}) are absolute indexes into the parsed buffer.
 */
public final class RtpPacket {
    /** The only RTP version there is (RFC 3550). */
    public static final int VERSION = 2;
    /** Length of the fixed header, without CSRCs or extension. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** Smallest RTCP packet: a receiver report without report blocks (RFC 3550 section 6.4.2). */
    public static final int MIN_RTCP_LENGTH = 8;

    /** What a datagram is, as far as the RTP and RTCP headers tell. */
    public enum Verdict {
        /** A well-formed RTP packet: version 2, the CSRC list, extension and padding fit the datagram. */
        RTP,
        /**
         * An RTCP packet: version 2, at least {@value RtpPacket#MIN_RTCP_LENGTH} bytes, second byte (packet type)
         * 192..223, the range RFC 5761 section 4 reserves so that RTP and RTCP can share a port (read as RTP: marker
         * set and payload type 64..95, e.g. 72..76 for SR, RR, SDES, BYE, APP).
         */
        RTCP,
        /** Shorter than the fixed header (or than an RTCP header). */
        TOO_SHORT,
        /** The version bits are not 2: not RTP, or garbled. */
        NOT_VERSION_2,
        /** The CSRC count or the header extension's length reaches past the end of the datagram. */
        HEADER_OVERRUN,
        /** The P bit is set but the padding count is 0 or longer than what follows the header. */
        BAD_PADDING;

        /** Whether the datagram is RTP or RTCP (a peer speaking the protocol), as opposed to garbage. */
        public boolean wellFormed() {
            return this == RTP || this == RTCP;
        }
    }

    private ByteBuffer buffer;
    private int offset;
    private int length;
    private int headerLength;
    private int paddingLength;

    /** An empty view; {@link #parse(ByteBuffer)} fills it. */
    public RtpPacket() {
    }

    /**
     * Classifies the datagram between {@code packet}'s position and limit. Reads only; the buffer is unchanged.
     */
    public static Verdict check(ByteBuffer packet) {
        int start = packet.position();
        int length = packet.remaining();
        if (length < 2) {
            return Verdict.TOO_SHORT;
        }
        if ((packet.get(start) & 0xC0) >>> 6 != VERSION) {
            return Verdict.NOT_VERSION_2;
        }
        if (isRtcpType(packet.get(start + 1))) {
            return length < MIN_RTCP_LENGTH ? Verdict.TOO_SHORT : Verdict.RTCP;
        }
        if (length < FIXED_HEADER_LENGTH) {
            return Verdict.TOO_SHORT;
        }
        int header = headerLength(packet, start, length);
        if (header < 0) {
            return Verdict.HEADER_OVERRUN;
        }
        return paddingLength(packet, start, length, header) < 0 ? Verdict.BAD_PADDING : Verdict.RTP;
    }

    /**
     * Whether the datagram at {@code packet}'s position is RTCP by RFC 5761 section 4 (version 2, second byte
     * 192..223), for a port that carries both. Does not validate the rest; see {@link #check(ByteBuffer)}.
     */
    public static boolean isRtcp(ByteBuffer packet) {
        int start = packet.position();
        return packet.remaining() >= 2 && (packet.get(start) & 0xC0) == 0x80 && isRtcpType(packet.get(start + 1));
    }

    private static boolean isRtcpType(byte second) {
        int type = second & 0xFF;
        return type >= 192 && type <= 223;
    }

    /** Header length with CSRCs and extension, or -1 when they do not fit. */
    private static int headerLength(ByteBuffer packet, int start, int length) {
        int first = packet.get(start) & 0xFF;
        int header = FIXED_HEADER_LENGTH + 4 * (first & 0x0F);
        if ((first & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            header += 4 + 4 * (packet.getShort(start + header + 2) & 0xFFFF);
        }
        return header <= length ? header : -1;
    }

    /** Padding at the end (0 without the P bit), or -1 when the padding count is impossible. */
    private static int paddingLength(ByteBuffer packet, int start, int length, int header) {
        if ((packet.get(start) & 0x20) == 0) {
            return 0;
        }
        int padding = packet.get(start + length - 1) & 0xFF;
        return padding == 0 || padding > length - header ? -1 : padding;
    }

    /**
     * Checks the datagram between {@code packet}'s position and limit and, when it is {@link Verdict#RTP}, keeps a
     * view of it for the accessors. The buffer is not copied or changed; it must not change while the fields are
     * read. Any other verdict leaves the view empty.
     */
    public Verdict parse(ByteBuffer packet) {
        Objects.requireNonNull(packet, "packet");
        buffer = null;
        Verdict verdict = check(packet);
        if (verdict == Verdict.RTP) {
            offset = packet.position();
            length = packet.remaining();
            headerLength = headerLength(packet, offset, length);
            paddingLength = paddingLength(packet, offset, length, headerLength);
            buffer = packet;
        }
        return verdict;
    }

    /** Whether the last {@link #parse(ByteBuffer)} found RTP, so that the accessors may be used. */
    public boolean valid() {
        return buffer != null;
    }

    private ByteBuffer buffer() {
        ByteBuffer b = buffer;
        if (b == null) {
            throw new IllegalStateException("no valid RTP packet parsed");
        }
        return b;
    }

    /** The whole datagram's length. */
    public int length() {
        buffer();
        return length;
    }

    /** Always {@value #VERSION} for a parsed packet. */
    public int version() {
        return (buffer().get(offset) & 0xC0) >>> 6;
    }

    public boolean padding() {
        return (buffer().get(offset) & 0x20) != 0;
    }

    public boolean extension() {
        return (buffer().get(offset) & 0x10) != 0;
    }

    /** Number of CSRC identifiers, 0..15. */
    public int csrcCount() {
        return buffer().get(offset) & 0x0F;
    }

    /** The CSRC identifier at {@code index} (0..{@link #csrcCount()} - 1), unsigned. */
    public long csrc(int index) {
        Objects.checkIndex(index, csrcCount());
        return Integer.toUnsignedLong(buffer.getInt(offset + FIXED_HEADER_LENGTH + 4 * index));
    }

    public boolean marker() {
        return (buffer().get(offset + 1) & 0x80) != 0;
    }

    /** Payload type, 0..127. */
    public int payloadType() {
        return buffer().get(offset + 1) & 0x7F;
    }

    /** Sequence number, 0..65535. */
    public int sequenceNumber() {
        return buffer().getShort(offset + 2) & 0xFFFF;
    }

    /** RTP timestamp, unsigned 32 bits. */
    public long timestamp() {
        return Integer.toUnsignedLong(buffer().getInt(offset + 4));
    }

    /** Synchronization source, unsigned 32 bits. */
    public long ssrc() {
        return Integer.toUnsignedLong(buffer().getInt(offset + 8));
    }

    /** The header extension's profile-defined 16 bits, or -1 without an extension. */
    public int extensionProfile() {
        return extension() ? buffer.getShort(extensionStart()) & 0xFFFF : -1;
    }

    /** Length of the header extension's data in bytes (without its 4-byte header), or 0 without an extension. */
    public int extensionLength() {
        return extension() ? 4 * (buffer.getShort(extensionStart() + 2) & 0xFFFF) : 0;
    }

    private int extensionStart() {
        return offset + FIXED_HEADER_LENGTH + 4 * csrcCount();
    }

    /** Bytes before the payload: fixed header, CSRCs and extension. */
    public int headerLength() {
        buffer();
        return headerLength;
    }

    /** Absolute index of the first payload byte in the parsed buffer. */
    public int payloadOffset() {
        buffer();
        return offset + headerLength;
    }

    /** Payload bytes, without the padding; may be 0. */
    public int payloadLength() {
        buffer();
        return length - headerLength - paddingLength;
    }

    /** Padding bytes at the end, the count included; 0 without the P bit. */
    public int paddingLength() {
        buffer();
        return paddingLength;
    }

    /**
     * Writes a 12-byte fixed header (version 2, no padding, no extension, no CSRC) at {@code out}'s position and
     * advances it; the payload goes after it. For packets the platform originates (prompts, tones).
     *
     * @throws IllegalArgumentException when the payload type is not 0..127
     * @throws java.nio.BufferOverflowException when fewer than 12 bytes remain
     */
    public static void writeHeader(ByteBuffer out, boolean marker, int payloadType, int sequenceNumber,
            long timestamp, long ssrc) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127: " + payloadType);
        }
        out.put((byte) (VERSION << 6));
        out.put((byte) ((marker ? 0x80 : 0) | payloadType));
        out.putShort((short) sequenceNumber);
        out.putInt((int) timestamp);
        out.putInt((int) ssrc);
    }

    /**
     * Replaces the SSRC of the packet at {@code packet}'s position, in place (bytes 8..11), e.g. when a copy of a
     * stream leaves with its own SSRC. Position and limit are unchanged.
     *
     * @throws IndexOutOfBoundsException when the packet is shorter than the fixed header
     */
    public static void writeSsrc(ByteBuffer packet, long ssrc) {
        if (packet.remaining() < FIXED_HEADER_LENGTH) {
            throw new IndexOutOfBoundsException("not an RTP header: " + packet.remaining() + " bytes");
        }
        packet.putInt(packet.position() + 8, (int) ssrc);
    }

    @Override
    public String toString() {
        if (buffer == null) {
            return "RTP (none)";
        }
        return "RTP PT=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp() + " ssrc="
                + Long.toHexString(ssrc()) + (marker() ? " M" : "") + " payload=" + payloadLength();
    }
}
