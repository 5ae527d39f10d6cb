package org.siprec.api.compliance;

import java.util.Objects;

/**
 * A prompt ready to be played: 16-bit linear PCM, 8 kHz mono, and who hears it. The samples are shared, not copied
 * (a prompt is loaded once and played for many calls): nobody may modify them.
 *
 * @param announcement the announcement's identifier, as the decision named it
 * @param language     the language chosen (e.g. {@code en})
 * @param source       where it was loaded from (a file name), for logs and audit
 * @param pcm          the samples, 8 kHz mono
 * @param audience     who hears it
 * @since 1.1
 */
public record Prompt(String announcement, String language, String source, short[] pcm, Audience audience) {
    /** Samples per second of every prompt. */
    public static final int SAMPLE_RATE = 8000;

    public Prompt {
        Objects.requireNonNull(announcement, "announcement");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pcm, "pcm");
        Objects.requireNonNull(audience, "audience");
    }

    /** The prompt's length in milliseconds. */
    public long durationMs() {
        return pcm.length * 1000L / SAMPLE_RATE;
    }

    @Override
    public String toString() {
        return announcement + "/" + language + " (" + source + ", " + durationMs() + " ms, " + audience + ")";
    }
}
