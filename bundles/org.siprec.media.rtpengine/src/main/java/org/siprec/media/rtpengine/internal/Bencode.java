package org.siprec.media.rtpengine.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bencoding, the serialization of rtpengine's NG control protocol: integers {@code i42e}, byte strings
 * {@code 4:spam}, lists {@code l...e} and dictionaries {@code d...e} with byte-string keys.
 * <p>
 * Encoding takes {@link String} (sent as UTF-8), {@code byte[]}, {@link Integer}/{@link Long}, {@link List} and
 * {@link Map} with {@link String} keys, written in sorted key order as the specification asks. Decoding gives
 * {@link String} (UTF-8) for byte strings, {@link Long}, {@link List} and {@link Map} in arrival order (rtpengine does
 * not sort its keys). Malformed input is a {@link BencodeException} naming the offset, never another exception.
 */
final class Bencode {
    /** Deepest nesting accepted when decoding: NG messages are two or three levels deep; this bounds recursion. */
    static final int MAX_DEPTH = 32;

    private Bencode() {
    }

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            writeBytes(out, s.getBytes(UTF_8));
        } else if (value instanceof byte[] b) {
            writeBytes(out, b);
        } else if (value instanceof Integer || value instanceof Long) {
            ascii(out, "i" + value + "e");
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(item -> write(out, item));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException("bencode dictionary keys must be strings, not " + k);
                }
                sorted.put(key, v);
            });
            sorted.forEach((k, v) -> {
                writeBytes(out, k.getBytes(UTF_8));
                write(out, v);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        ascii(out, bytes.length + ":");
        out.write(bytes, 0, bytes.length);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }

    /** Decodes exactly one value filling {@code data[offset..length)}. */
    static Object decode(byte[] data, int offset, int length) {
        Reader reader = new Reader(data, offset, offset + length);
        Object value = reader.value(0);
        if (reader.pos != reader.end) {
            throw new BencodeException("trailing data at offset " + reader.pos);
        }
        return value;
    }

    static Object decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Malformed bencoded data. */
    static final class BencodeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BencodeException(String message) {
            super(message);
        }
    }

    private static final class Reader {
        private final byte[] data;
        private final int end;
        private int pos;

        Reader(byte[] data, int start, int end) {
            if (start < 0 || end > data.length || start > end) {
                throw new BencodeException("range " + start + ".." + end + " outside the data");
            }
            this.data = data;
            this.pos = start;
            this.end = end;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new BencodeException("nested deeper than " + MAX_DEPTH + " at offset " + pos);
            }
            byte b = peek();
            switch (b) {
                case 'i':
                    pos++;
                    return integer('e');
                case 'l': {
                    pos++;
                    List<Object> list = new ArrayList<>();
                    while (peek() != 'e') {
                        list.add(value(depth + 1));
                    }
                    pos++;
                    return list;
                }
                case 'd': {
                    pos++;
                    Map<String, Object> map = new LinkedHashMap<>();
                    while (peek() != 'e') {
                        int at = pos;
                        if (peek() < '0' || peek() > '9') {
                            throw new BencodeException("dictionary key at offset " + at + " is not a string");
                        }
                        String key = string();
                        if (map.containsKey(key)) {
                            throw new BencodeException("duplicate dictionary key '" + key + "' at offset " + at);
                        }
                        map.put(key, value(depth + 1));
                    }
                    pos++;
                    return map;
                }
                default:
                    if (b >= '0' && b <= '9') {
                        return string();
                    }
                    throw new BencodeException("unexpected byte 0x" + Integer.toHexString(b & 0xff) + " at offset " + pos);
            }
        }

        private byte peek() {
            if (pos >= end) {
                throw new BencodeException("truncated at offset " + pos);
            }
            return data[pos];
        }

        private String string() {
            int at = pos;
            long length = integer(':');
            if (length < 0 || length > end - pos) {
                throw new BencodeException("string length " + length + " at offset " + at + " exceeds the data");
            }
            String s = new String(data, pos, (int) length, UTF_8);
            pos += (int) length;
            return s;
        }

        /** Reads a decimal integer up to {@code terminator}; a leading '-' only for 'i...e' integers. */
        private long integer(char terminator) {
            int start = pos;
            boolean negative = terminator == 'e' && peek() == '-';
            if (negative) {
                pos++;
            }
            long value = 0;
            int digits = 0;
            while (peek() != terminator) {
                byte d = data[pos];
                if (d < '0' || d > '9' || digits >= 18) {
                    throw new BencodeException("bad number at offset " + start);
                }
                value = value * 10 + (d - '0');
                digits++;
                pos++;
            }
            if (digits == 0) {
                throw new BencodeException("empty number at offset " + start);
            }
            pos++;
            return negative ? -value : value;
        }
    }
}
