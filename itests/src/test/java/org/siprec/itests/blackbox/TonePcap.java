package org.siprec.itests.blackbox;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a pcap of G.711 A-law RTP packets carrying a pure tone, for SIPp's {@code play_pcap_audio}: each party of
 * a test call sends its own frequency, so a recording's channels can be told apart.
 */
final class TonePcap {
    private TonePcap() {
    }

    static Path write(Path file, double frequencyHz, double seconds) throws IOException {
        Files.createDirectories(file.getParent());
        int packets = (int) Math.round(seconds * 50);
        try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(os)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
            out.write(header.array());
            for (int p = 0; p < packets; p++) {
                byte[] rtp = new byte[12 + 160];
                rtp[0] = (byte) 0x80;
                rtp[1] = 8;
                rtp[2] = (byte) (p >> 8);
                rtp[3] = (byte) p;
                int ts = p * 160;
                rtp[4] = (byte) (ts >> 24);
                rtp[5] = (byte) (ts >> 16);
                rtp[6] = (byte) (ts >> 8);
                rtp[7] = (byte) ts;
                rtp[8] = 0x11;
                rtp[9] = 0x22;
                rtp[10] = 0x33;
                rtp[11] = 0x44;
                for (int i = 0; i < 160; i++) {
                    double t = (p * 160 + i) / 8000.0;
                    rtp[12 + i] = alaw((short) (Math.sin(2 * Math.PI * frequencyHz * t) * 12000));
                }
                byte[] frame = frame(rtp);
                long micros = p * 20_000L;
                ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length).putInt(frame.length);
                out.write(rec.array());
                out.write(frame);
            }
        }
        return file;
    }

    /** Ethernet + IPv4 + UDP around the RTP packet (addresses do not matter: SIPp rewrites them). */
    private static byte[] frame(byte[] rtp) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + rtp.length).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[12]).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + rtp.length)).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(0x7f000001).putInt(0x7f000001);
        b.putShort((short) 6000).putShort((short) 6002).putShort((short) (8 + rtp.length)).putShort((short) 0);
        b.put(rtp);
        return b.array();
    }

    /** ITU-T G.711 A-law encoding of one 16-bit sample. */
    static byte alaw(short sample) {
        int pcm = sample;
        int mask = pcm >= 0 ? 0xD5 : 0x55;
        if (pcm < 0) {
            pcm = -pcm - 1;
        }
        int[] segEnd = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
        pcm >>= 3;
        int seg = 0;
        while (seg < 8 && pcm > segEnd[seg]) {
            seg++;
        }
        int aval;
        if (seg >= 8) {
            aval = 0x7F;
        } else {
            aval = seg << 4;
            aval |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        }
        return (byte) (aval ^ mask);
    }
}
