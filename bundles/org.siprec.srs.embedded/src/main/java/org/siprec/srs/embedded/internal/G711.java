package org.siprec.srs.embedded.internal;

/** G.711 decoding (ITU-T G.711: A-law, mu-law) to 16-bit linear PCM, by lookup table. */
final class G711 {
    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW[i] = ulaw(i);
            ALAW[i] = alaw(i);
        }
    }

    private G711() {
    }

    private static short ulaw(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    private static short alaw(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    static short ulawToLinear(int code) {
        return ULAW[code & 0xFF];
    }

    static short alawToLinear(int code) {
        return ALAW[code & 0xFF];
    }

    /** Decodes {@code length} bytes of {@code payload} from {@code offset} into {@code out} from 0. */
    static void decode(boolean alaw, byte[] payload, int offset, int length, short[] out) {
        short[] table = alaw ? ALAW : ULAW;
        for (int i = 0; i < length; i++) {
            out[i] = table[payload[offset + i] & 0xFF];
        }
    }
}
