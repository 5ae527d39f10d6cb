package org.siprec.testcall.internal;

import java.nio.ByteBuffer;
import org.siprec.media.rtp.G711;

/**
 * A sine tone at 8 kHz, cut into 20 ms G.711 µ-law frames of 160 samples. The phase runs on across frames, so
 * consecutive frames join without clicks. Not thread-safe: one generator per stream.
 */
public final class ToneGenerator {
    public static final int SAMPLE_RATE = 8000;
    public static final int SAMPLES_PER_FRAME = 160;

    private final double frequency;
    private final double amplitude;
    private long sample;

    /**
     * @param frequency tone frequency in Hz (below 4000)
     * @param level     peak amplitude as a fraction of full scale, 0..1
     */
    public ToneGenerator(double frequency, double level) {
        if (frequency <= 0 || frequency >= SAMPLE_RATE / 2.0) {
            throw new IllegalArgumentException("frequency must be between 0 and 4000 Hz: " + frequency);
        }
        if (level < 0 || level > 1) {
            throw new IllegalArgumentException("level must be between 0 and 1: " + level);
        }
        this.frequency = frequency;
        this.amplitude = level * Short.MAX_VALUE;
    }

    public double frequency() {
        return frequency;
    }

    /** The next 20 ms of the tone as 16-bit linear PCM. */
    public short[] nextPcm() {
        short[] pcm = new short[SAMPLES_PER_FRAME];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * sample / SAMPLE_RATE));
            sample++;
        }
        return pcm;
    }

    /** Writes the next 20 ms of the tone, µ-law encoded (160 bytes), at {@code out}'s position, which advances. */
    public void nextMuLaw(ByteBuffer out) {
        G711.MU_LAW.encode(nextPcm(), 0, SAMPLES_PER_FRAME, out);
    }
}
