package org.siprec.srs.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavRecorderTest {
    @TempDir
    Path dir;

    private static short[] tone(int n, int amplitude) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (amplitude * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return s;
    }

    @Test
    void stereoHeaderSilenceFillAndChannels() throws Exception {
        Path file = dir.resolve("a.wav");
        WavRecorder wav = new WavRecorder(file, 2, 8000);
        short[] left = tone(160, 8000);
        short[] right = tone(160, 4000);
        wav.put(0, 0, left, 160);          // 0..20 ms on the left
        wav.put(1, 8000, right, 160);      // 1.000..1.020 s on the right, silence before it
        wav.put(0, 4000, left, 160);       // out of order: 0.5 s on the left
        wav.flush(6000);
        wav.put(0, 100, left, 160);        // too late: its position is written already
        wav.close(16000);                  // 2 s in all

        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(2, f.getChannels());
            assertEquals(8000f, f.getSampleRate());
            assertEquals(16, f.getSampleSizeInBits());
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, f.getEncoding());
            assertEquals(16000, in.getFrameLength());
        }
        short[][] ch = channels(file, 2);
        assertEquals(16000, ch[0].length);
        assertTrue(Arrays.equals(left, Arrays.copyOfRange(ch[0], 0, 160)));
        assertTrue(Arrays.equals(left, Arrays.copyOfRange(ch[0], 4000, 4160)));
        assertEquals(0, energy(ch[0], 160, 4000), "silence between the packets");
        assertEquals(0, energy(ch[0], 4160, 16000));
        assertEquals(0, energy(ch[1], 0, 8000), "right channel silent before its first packet");
        assertTrue(Arrays.equals(right, Arrays.copyOfRange(ch[1], 8000, 8160)));
        assertEquals(160, wav.droppedSamples());
    }

    @Test
    void twoSourcesInOneChannelAreMixed() throws Exception {
        Path file = dir.resolve("mix.wav");
        WavRecorder wav = new WavRecorder(file, 1, 8000);
        wav.put(0, 0, new short[] {1000, 30000, -30000}, 3);
        wav.put(0, 0, new short[] {500, 30000, -30000}, 3);
        wav.close(3);
        short[][] ch = channels(file, 1);
        assertEquals(1500, ch[0][0]);
        assertEquals(Short.MAX_VALUE, ch[0][1]);
        assertEquals(Short.MIN_VALUE, ch[0][2]);
    }

    @Test
    void fileOpensAfterASimulatedCrash() throws Exception {
        Path file = dir.resolve("crash.wav");
        WavRecorder wav = new WavRecorder(file, 2, 8000);
        // right after creation: a valid, empty WAV
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            assertEquals(0, in.getFrameLength());
        }
        wav.put(0, 0, tone(8000, 5000), 8000);
        wav.flush(8000);
        wav.put(0, 8000, tone(4000, 5000), 4000); // buffered, never flushed: lost in the "crash"
        // the process dies here: no close(); what is on disk must open and describe exactly the data written
        byte[] onDisk = Files.readAllBytes(file);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(onDisk))) {
            assertEquals(2, in.getFormat().getChannels());
            assertEquals(8000, in.getFrameLength());
        }
        ByteBuffer h = ByteBuffer.wrap(onDisk).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(onDisk.length - 8, h.getInt(4), "RIFF size");
        assertEquals(onDisk.length - 44, h.getInt(40), "data size");
        wav.close(0);
    }

    static short[][] channels(Path file, int n) throws Exception {
        byte[] b = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(b, 44, b.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        int frames = (b.length - 44) / (2 * n);
        short[][] ch = new short[n][frames];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < n; c++) {
                ch[c][f] = buf.getShort();
            }
        }
        return ch;
    }

    static long energy(short[] s, int from, int to) {
        long e = 0;
        for (int i = from; i < to; i++) {
            e += (long) s[i] * s[i];
        }
        return e;
    }
}
