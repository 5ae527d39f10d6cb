package org.siprec.media.rtp;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * G.711 (ITU-T G.711) coding of 16-bit linear PCM at 8 kHz: {@link #MU_LAW} (PCMU, RTP payload type 0) and
 * {@link #A_LAW} (PCMA, payload type 8), by lookup tables. The tables are computed once from the algorithms of the
 * ITU-T reference implementation (G.191 Software Tool Library, {@code g711.c}), which realise the decision and
 * output values of G.711 tables 1 and 2 exactly: µ-law looks at the 14 most significant bits of a sample, A-law at the
 * 12 most significant; a negative sample is coded by its one's complement, so -1 codes like 0 (negative zero).
 * Decoding gives the G.711 output value scaled to 16 bits (µ-law at most ±32124, A-law ±32256).
 *
 * <p>All methods are thread-safe and allocate nothing.
 */
public enum G711 {
    /** µ-law, used in North America and Japan; RTP encoding name PCMU (RFC 3551). */
    MU_LAW(0, "PCMU", (byte) 0xFF, 2),
    /** A-law, used in Europe and most other places; RTP encoding name PCMA (RFC 3551). */
    A_LAW(8, "PCMA", (byte) 0xD5, 4);

    /** Samples per second (RFC 3551: the RTP clock rate of PCMU and PCMA). */
    public static final int SAMPLE_RATE = 8000;

    private final int payloadType;
    private final String encodingName;
    private final byte silence;
    /** Low bits of a 16-bit sample the law ignores: 2 for µ-law (14 bits used), 4 for A-law (12 bits). */
    private final int shift;
    private final byte[] encodeTable;
    private final short[] decodeTable;

    G711(int payloadType, String encodingName, byte silence, int shift) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
        this.silence = silence;
        this.shift = shift;
        boolean mu = shift == 2;
        int bits = 16 - shift;
        this.encodeTable = new byte[1 << bits];
        for (int index = 0; index < encodeTable.length; index++) {
            // any sample whose top bits are 'index' codes the same; take the one with the ignored bits zero
            int sample = (index << (32 - bits)) >> (32 - 16); // sign-extend the 'bits'-bit value, shift back to 16 bits
            encodeTable[index] = (byte) (mu ? ulawCompress(sample) : alawCompress(sample));
        }
        this.decodeTable = new short[256];
        for (int code = 0; code < 256; code++) {
            decodeTable[code] = (short) (mu ? ulawExpand(code) : alawExpand(code));
        }
    }

    /** G.191 {@code ulaw_compress} for one 16-bit sample. */
    private static int ulawCompress(int sample) {
        int magnitude = (sample < 0 ? ~sample >> 2 : sample >> 2) + 33;
        if (magnitude > 0x1FFF) {
            magnitude = 0x1FFF;
        }
        int segment = 1;
        for (int i = magnitude >> 6; i != 0; i >>= 1) {
            segment++;
        }
        int high = 8 - segment;
        int low = 0x0F - ((magnitude >> segment) & 0x0F);
        int code = (high << 4) | low;
        return sample >= 0 ? code | 0x80 : code;
    }

    /** G.191 {@code ulaw_expand} for one code. */
    private static int ulawExpand(int code) {
        int sign = code < 0x80 ? -1 : 1;
        int inverted = ~code & 0xFF;
        int exponent = (inverted >> 4) & 0x07;
        int mantissa = inverted & 0x0F;
        int step = 4 << (exponent + 1);
        return sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33);
    }

    /** G.191 {@code alaw_compress} for one 16-bit sample. */
    private static int alawCompress(int sample) {
        int ix = sample < 0 ? ~sample >> 4 : sample >> 4;
        if (ix > 15) {
            int exponent = 1;
            while (ix > 16 + 15) {
                ix >>= 1;
                exponent++;
            }
            ix -= 16;
            ix += exponent << 4;
        }
        if (sample >= 0) {
            ix |= 0x80;
        }
        return ix ^ 0x55;
    }

    /** G.191 {@code alaw_expand} for one code. */
    private static int alawExpand(int code) {
        int ix = (code ^ 0x55) & 0x7F;
        int exponent = ix >> 4;
        int mantissa = ix & 0x0F;
        if (exponent > 0) {
            mantissa += 16;
        }
        mantissa = (mantissa << 4) + 8;
        if (exponent > 1) {
            mantissa <<= exponent - 1;
        }
        return code > 127 ? mantissa : -mantissa;
    }

    /** The static RTP payload type (RFC 3551): 0 for µ-law, 8 for A-law. */
    public int payloadType() {
        return payloadType;
    }

    /** The RTP/SDP encoding name: {@code PCMU} or {@code PCMA}. */
    public String encodingName() {
        return encodingName;
    }

    /** The code of a zero sample, to fill silence: 0xFF for µ-law, 0xD5 for A-law. */
    public byte silence() {
        return silence;
    }

    /** The law of a static payload type (0 or 8). */
    public static Optional<G711> forPayloadType(int payloadType) {
        return payloadType == 0 ? Optional.of(MU_LAW) : payloadType == 8 ? Optional.of(A_LAW) : Optional.empty();
    }

    /** The law of an SDP {@code a=rtpmap} encoding name, {@code PCMU} or {@code PCMA}, case-insensitive. */
    public static Optional<G711> forEncodingName(String name) {
        for (G711 law : values()) {
            if (law.encodingName.equalsIgnoreCase(name)) {
                return Optional.of(law);
            }
        }
        return Optional.empty();
    }

    /** One 16-bit linear sample to its code. */
    public byte encode(short sample) {
        return encodeTable[(sample >> shift) & (encodeTable.length - 1)];
    }

    /** One code to its 16-bit linear sample. */
    public short decode(byte code) {
        return decodeTable[code & 0xFF];
    }

    /** Encodes {@code pcm[offset, offset + length)} into {@code out} from {@code outOffset}. */
    public void encode(short[] pcm, int offset, int length, byte[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        Objects.checkFromIndexSize(outOffset, length, out.length);
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = encode(pcm[offset + i]);
        }
    }

    /**
     * Encodes {@code pcm[offset, offset + length)} into {@code out} at its position, which advances by
     * {@code length} (e.g. after {@link RtpPacket#writeHeader}).
     *
     * @throws BufferOverflowException when fewer than {@code length} bytes remain
     */
    public void encode(short[] pcm, int offset, int length, ByteBuffer out) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        if (out.remaining() < length) {
            throw new BufferOverflowException();
        }
        for (int i = 0; i < length; i++) {
            out.put(encode(pcm[offset + i]));
        }
    }

    /** Decodes {@code codes[offset, offset + length)} into {@code out} from {@code outOffset}. */
    public void decode(byte[] codes, int offset, int length, short[] out, int outOffset) {
        Objects.checkFromIndexSize(offset, length, codes.length);
        Objects.checkFromIndexSize(outOffset, length, out.length);
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = decodeTable[codes[offset + i] & 0xFF];
        }
    }

    /**
     * Decodes {@code length} bytes of {@code codes} from the absolute index {@code index} (e.g.
     * {@link RtpPacket#payloadOffset()}) into {@code out} from {@code outOffset}. The buffer's position is unchanged.
     */
    public void decode(ByteBuffer codes, int index, int length, short[] out, int outOffset) {
        Objects.checkFromIndexSize(index, length, codes.limit());
        Objects.checkFromIndexSize(outOffset, length, out.length);
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = decodeTable[codes.get(index + i) & 0xFF];
        }
    }
}
