package org.siprec.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class G711Test {

    @ParameterizedTest(name = "µ-law {0} -> {1}")
    @CsvSource({
        "0, 0xFF", "-1, 0x7F", "1, 0xFF", "4, 0xFE", "-4, 0x7F", "-5, 0x7E", "1000, 0xCE", "-1000, 0x4E",
        "32767, 0x80", "-32768, 0x00", "32635, 0x80", "8159, 0x9F",
    })
    void muLawEncodesKnownSamples(short sample, String code) {
        assertEquals((byte) Integer.parseInt(code.substring(2), 16), G711.MU_LAW.encode(sample));
    }

    @ParameterizedTest(name = "A-law {0} -> {1}")
    @CsvSource({
        "0, 0xD5", "-1, 0x55", "15, 0xD5", "16, 0xD4", "-17, 0x54", "1000, 0xFA", "-1000, 0x7A",
        "32767, 0xAA", "-32768, 0x2A",
    })
    void aLawEncodesKnownSamples(short sample, String code) {
        assertEquals((byte) Integer.parseInt(code.substring(2), 16), G711.A_LAW.encode(sample));
    }

    @Test
    void decodesToTheOutputValuesOfTheStandard() {
        // µ-law: G.711 table 2 output values (14-bit) times 4; A-law: table 1 output values (13-bit) times 8
        assertEquals(0, G711.MU_LAW.decode((byte) 0xFF));
        assertEquals(0, G711.MU_LAW.decode((byte) 0x7F), "negative zero");
        assertEquals(2 * 4, G711.MU_LAW.decode((byte) 0xFE));
        assertEquals(33 * 4, G711.MU_LAW.decode((byte) 0xEF), "first value of the second segment");
        assertEquals(8031 * 4, G711.MU_LAW.decode((byte) 0x80));
        assertEquals(-8031 * 4, G711.MU_LAW.decode((byte) 0x00));
        assertEquals(8, G711.A_LAW.decode((byte) 0xD5));
        assertEquals(-8, G711.A_LAW.decode((byte) 0x55));
        assertEquals(4032 * 8, G711.A_LAW.decode((byte) 0xAA));
        assertEquals(-4032 * 8, G711.A_LAW.decode((byte) 0x2A));
    }

    /**
     * G.711 table 2 (µ-law), independently of the implementation: decision values and output values of each
     * segment on the 14-bit magnitude. Segment 0 has the interval [0, 1) with output 0, then 15 intervals of
     * width 2; segment k (1..7) 16 intervals of width 2^(k+1) from 31, 95, 223, ... Beyond 8159 the last code.
     */
    private static int muLawReference(int sample) {
        int x = (sample >= 0 ? sample : ~sample) >> 2; // the reference codes a negative sample by its one's complement
        int output;
        if (x >= 8159) {
            output = 8031;
        } else if (x < 1) {
            output = 0;
        } else if (x < 31) {
            output = 2 * ((x - 1) / 2) + 2;
        } else {
            int lower = 31;
            int step = 4;
            while (x >= lower + 16 * step) {
                lower += 16 * step;
                step *= 2;
            }
            output = lower + (x - lower) / step * step + step / 2;
        }
        return 4 * (sample >= 0 ? output : -output);
    }

    /**
     * G.711 table 1 (A-law) on 16-bit magnitudes: segments [0, 256) and [256, 512) of 16 intervals of width 16, then
     * [512, 1024) width 32 and so on to [16384, 32768) width 1024; the output is the middle of the interval.
     */
    private static int aLawReference(int sample) {
        int m = sample >= 0 ? sample : ~sample;
        int lower = 0;
        int width = 16;
        int end = 512;
        while (m >= end) {
            lower = end;
            width = end / 16;
            end *= 2;
        }
        if (m >= 256 && lower == 0) {
            lower = 256;
        }
        int output = lower + (m - lower) / width * width + width / 2;
        return sample >= 0 ? output : -output;
    }

    @Test
    void everySampleIsCodedAsTheStandardsTablesSay() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            short sample = (short) s;
            assertEquals(muLawReference(s), G711.MU_LAW.decode(G711.MU_LAW.encode(sample)), "µ-law " + s);
            assertEquals(aLawReference(s), G711.A_LAW.decode(G711.A_LAW.encode(sample)), "A-law " + s);
        }
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertEquals(code, G711.A_LAW.encode(G711.A_LAW.decode(code)), "A-law " + c);
            byte expected = c == 0x7F ? (byte) 0xFF : code; // µ-law has two zeros; +0 is the one the encoder gives
            assertEquals(expected, G711.MU_LAW.encode(G711.MU_LAW.decode(code)), "µ-law " + c);
        }
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void encodingIsMonotonicAndTheErrorIsBounded(G711 law) {
        int previous = Integer.MIN_VALUE;
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            int decoded = law.decode(law.encode((short) s));
            assertTrue(decoded >= previous, law + " at " + s);
            previous = decoded;
            int magnitude = Math.abs(s);
            // half the largest step (1024 in 16-bit units) bounds the error, except beyond the last
            // output value where the law clips
            int bound = magnitude > 32124 ? 32768 - 32124 : 512 + 1; // +1: a negative sample is coded by its one's complement
            assertTrue(Math.abs(decoded - s) <= bound, law + " at " + s + " gives " + decoded);
        }
    }

    @Test
    void decodingAgreesWithTheClassicFormulas() {
        // the expressions of the Sun/CCITT g711.c the embedded SRS used so far: migrating to this class changes nothing
        for (int c = 0; c < 256; c++) {
            int u = ~c & 0xFF;
            int t = ((u & 0x0F) << 3) + 0x84;
            t <<= (u & 0x70) >> 4;
            int ulaw = (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
            assertEquals(ulaw, G711.MU_LAW.decode((byte) c), "µ-law " + c);

            int a = c ^ 0x55;
            int v = (a & 0x0F) << 4;
            int seg = (a & 0x70) >> 4;
            v = seg == 0 ? v + 8 : (v + 0x108) << Math.max(0, seg - 1);
            int alaw = (a & 0x80) != 0 ? v : -v;
            assertEquals(alaw, G711.A_LAW.decode((byte) c), "A-law " + c);
        }
    }

    @ParameterizedTest
    @EnumSource(G711.class)
    void bulkCodingMatchesSampleBySample(G711 law) {
        short[] pcm = new short[400];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(20000 * Math.sin(i / 7.0));
        }
        byte[] codes = new byte[pcm.length + 3];
        law.encode(pcm, 0, pcm.length, codes, 3);
        ByteBuffer buffer = ByteBuffer.allocate(pcm.length + 5).position(5);
        law.encode(pcm, 0, pcm.length, buffer);
        assertEquals(pcm.length + 5, buffer.position());
        short[] fromArray = new short[pcm.length];
        short[] fromBuffer = new short[pcm.length + 1];
        law.decode(codes, 3, pcm.length, fromArray, 0);
        buffer.position(0);
        law.decode(buffer, 5, pcm.length, fromBuffer, 1);
        assertEquals(0, buffer.position(), "absolute reads");
        for (int i = 0; i < pcm.length; i++) {
            assertEquals(law.encode(pcm[i]), codes[3 + i]);
            assertEquals(law.encode(pcm[i]), buffer.get(5 + i));
            assertEquals(law.decode(codes[3 + i]), fromArray[i]);
            assertEquals(fromArray[i], fromBuffer[i + 1]);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> law.encode(pcm, 0, pcm.length, new byte[10], 0));
        assertThrows(BufferOverflowException.class, () -> law.encode(pcm, 0, pcm.length, ByteBuffer.allocate(10)));
        assertThrows(IndexOutOfBoundsException.class, () -> law.decode(buffer, 10, pcm.length, fromArray, 0));
    }

    @Test
    void namesPayloadTypesAndSilence() {
        assertEquals(0, G711.MU_LAW.payloadType());
        assertEquals(8, G711.A_LAW.payloadType());
        assertEquals("PCMU", G711.MU_LAW.encodingName());
        assertEquals("PCMA", G711.A_LAW.encodingName());
        assertEquals(Optional.of(G711.MU_LAW), G711.forPayloadType(0));
        assertEquals(Optional.of(G711.A_LAW), G711.forPayloadType(8));
        assertEquals(Optional.empty(), G711.forPayloadType(18));
        assertEquals(Optional.of(G711.A_LAW), G711.forEncodingName("pcma"));
        assertEquals(Optional.empty(), G711.forEncodingName("G722"));
        assertEquals(Optional.empty(), G711.forEncodingName(null));
        for (G711 law : G711.values()) {
            assertEquals(0, law.decode(law.silence()) / 16, law + " silence is (nearly) zero");
            assertEquals(law.silence(), law.encode((short) 0));
        }
        assertEquals(8000, G711.SAMPLE_RATE);
        assertArrayEquals(new G711[] {G711.MU_LAW, G711.A_LAW}, G711.values());
    }
}
