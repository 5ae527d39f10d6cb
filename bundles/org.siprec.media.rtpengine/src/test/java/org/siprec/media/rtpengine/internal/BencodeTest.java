package org.siprec.media.rtpengine.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.media.rtpengine.internal.Bencode.BencodeException;

class BencodeTest {

    private static String encoded(Object value) {
        return new String(Bencode.encode(value), UTF_8);
    }

    private static Object decoded(String text) {
        return Bencode.decode(text.getBytes(UTF_8));
    }

    @Test
    void encodesTheFourTypes() {
        assertEquals("4:spam", encoded("spam"));
        assertEquals("0:", encoded(""));
        assertEquals("i42e", encoded(42));
        assertEquals("i-7e", encoded(-7L));
        assertEquals("i0e", encoded(0));
        assertEquals("l4:spami1ee", encoded(List.of("spam", 1)));
        assertEquals("le", encoded(List.of()));
        assertArrayEquals(new byte[] {'3', ':', 0, (byte) 0xff, 'a'}, Bencode.encode(new byte[] {0, (byte) 0xff, 'a'}));
    }

    @Test
    void encodesDictionariesInSortedKeyOrderWhateverTheMapOrder() {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("sdp", "v=0");
        command.put("command", "offer");
        command.put("call-id", "c1");
        command.put("flags", List.of("trust-address"));
        assertEquals("d7:call-id2:c17:command5:offer5:flagsl13:trust-addresse3:sdp3:v=0e", encoded(command));
    }

    @Test
    void stringLengthsCountUtf8BytesNotCharacters() {
        assertEquals("7:Zürich", encoded("Zürich"));
        assertEquals("Zürich", decoded("7:Zürich"));
    }

    @Test
    void decodesWhatItEncodes() {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("result", "ok");
        reply.put("sdp", "v=0\r\nm=audio 40000 RTP/AVP 0\r\n");
        reply.put("from-tags", List.of("a", "b"));
        reply.put("created", 1_796_303_785L);
        reply.put("nested", Map.of("list", List.of(List.of(), Map.of())));
        assertEquals(reply, Bencode.decode(Bencode.encode(reply)));
    }

    @Test
    void keepsTheArrivalOrderOfRtpenginesUnsortedKeys() {
        Object value = decoded("d6:result2:ok3:sdp3:v=0e");
        assertEquals(List.of("result", "sdp"), List.copyOf(((Map<?, ?>) value).keySet()));
    }

    @Test
    void decodesARangeOfABuffer() {
        byte[] datagram = "cookie d6:result4:ponge".getBytes(UTF_8);
        assertEquals(Map.of("result", "pong"), Bencode.decode(datagram, 7, datagram.length - 7));
    }

    @Test
    void refusesMalformedInputWithTheOffset() {
        assertMalformed("", "truncated at offset 0");
        assertMalformed("4:spa", "string length 4 at offset 0 exceeds the data");
        assertMalformed("i12", "truncated");
        assertMalformed("ie", "empty number");
        assertMalformed("i1x2e", "bad number at offset 1");
        assertMalformed("i99999999999999999999e", "bad number");
        assertMalformed("l4:spam", "truncated at offset 7");
        assertMalformed("di1e4:spame", "dictionary key at offset 1 is not a string");
        assertMalformed("d1:ai1e1:ai2ee", "duplicate dictionary key 'a'");
        assertMalformed("4:spamX", "trailing data at offset 6");
        assertMalformed("x", "unexpected byte 0x78 at offset 0");
        assertMalformed("-1:a", "unexpected byte");
        assertMalformed("99999999999999999999:a", "bad number");
        assertMalformed("l".repeat(Bencode.MAX_DEPTH + 2) + "e".repeat(Bencode.MAX_DEPTH + 2), "nested deeper than 32");
    }

    @Test
    void refusesValuesItCannotEncode() {
        assertThrows(IllegalArgumentException.class, () -> Bencode.encode(1.5));
        assertThrows(IllegalArgumentException.class, () -> Bencode.encode(Map.of(1, "a")));
        assertThrows(IllegalArgumentException.class, () -> Bencode.encode(null));
    }

    private static void assertMalformed(String input, String message) {
        BencodeException e = assertThrows(BencodeException.class, () -> decoded(input));
        assertTrue(e.getMessage().contains(message), () -> "'" + input + "': " + e.getMessage());
    }
}
