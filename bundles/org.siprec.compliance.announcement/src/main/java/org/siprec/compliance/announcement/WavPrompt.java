package org.siprec.compliance.announcement;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a prompt file: a RIFF/WAVE file, 8 kHz mono, either 16-bit linear PCM (format 1), or G.711 µ-law (format 7)
 * or A-law (format 6) at 8 bits per sample, decoded to 16-bit linear PCM. Anything else is refused with an
 * {@link InvalidPromptException} whose message says what is wrong in the terms of the file (e.g. {@code 16000 Hz,
 * prompts must be 8000 Hz}), so that an operator can fix it with the message alone.
 */
final class WavPrompt {
    static final int PCM = 1;
    static final int ALAW = 6;
    static final int MULAW = 7;
    /** Longer prompts are refused: an announcement that long is a mistake, and it would hold the call's set-up. */
    static final int MAX_SECONDS = 120;

    private WavPrompt() {}

    /** A prompt file that cannot be used; the message says what is wrong. */
    static final class InvalidPromptException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidPromptException(String message) {
            super(message);
        }
    }

    static short[] read(Path file) throws IOException, InvalidPromptException {
        return decode(Files.readAllBytes(file));
    }

    static short[] decode(byte[] bytes) throws InvalidPromptException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new InvalidPromptException("not a WAV file (no RIFF/WAVE header)");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int dataOffset = -1;
        int dataLength = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > bytes.length) {
                    throw new InvalidPromptException("fmt chunk is truncated");
                }
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2) & 0xFFFF;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xFFFF;
                if (format == 0xFFFE && size >= 40) { // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes
                    format = b.getShort(body + 24) & 0xFFFF;
                }
            } else if (id == 0x61746164) { // "data"
                dataOffset = body;
                dataLength = (int) size;
                if (size > bytes.length - body) {
                    throw new InvalidPromptException("data chunk says " + size + " bytes but the file holds only "
                            + (bytes.length - body) + " (truncated file?)");
                }
                break;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1)); // chunks are padded to even sizes
        }
        if (format < 0) {
            throw new InvalidPromptException("no fmt chunk");
        }
        if (dataOffset < 0) {
            throw new InvalidPromptException("no data chunk");
        }
        if (format != PCM && format != MULAW && format != ALAW) {
            throw new InvalidPromptException("format " + format
                    + " is not supported; prompts must be PCM (1), A-law (6) or mu-law (7)");
        }
        if (channels != 1) {
            throw new InvalidPromptException(channels + " channels, prompts must be mono");
        }
        if (rate != 8000) {
            throw new InvalidPromptException(rate + " Hz, prompts must be 8000 Hz");
        }
        int expectedBits = format == PCM ? 16 : 8;
        if (bits != expectedBits) {
            throw new InvalidPromptException(bits + " bits per sample, " + (format == PCM ? "PCM" : "G.711")
                    + " prompts must have " + expectedBits);
        }
        int samples = format == PCM ? dataLength / 2 : dataLength;
        if (samples == 0) {
            throw new InvalidPromptException("no audio (empty data chunk)");
        }
        if (samples > MAX_SECONDS * 8000) {
            throw new InvalidPromptException((samples / 8000) + " s long, prompts may last at most " + MAX_SECONDS
                    + " s");
        }
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = switch (format) {
                case PCM -> b.getShort(dataOffset + 2 * i);
                case MULAW -> ulaw(bytes[dataOffset + i]);
                default -> alaw(bytes[dataOffset + i]);
            };
        }
        return pcm;
    }

    /** G.711 µ-law code to 16-bit linear (ITU-T G.711 table; the same values as the media bundle's G711). */
    static short ulaw(byte code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    /** G.711 A-law code to 16-bit linear. */
    static short alaw(byte code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        if (seg == 0) {
            t += 8;
        } else {
            t += 0x108;
            t <<= seg - 1;
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
