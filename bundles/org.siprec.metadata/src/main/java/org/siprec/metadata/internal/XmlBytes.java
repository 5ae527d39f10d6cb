package org.siprec.metadata.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.siprec.metadata.MetadataException;

/**
 * Decodes an XML document's bytes strictly, by its byte order mark or XML declaration (UTF-8 by default), so that
 * an encoding error is a clear {@link MetadataException} (and not a message the JDK parser prints to stderr).
 */
public final class XmlBytes {

    private static final Pattern ENCODING = Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._:-]*)[\"']");

    private XmlBytes() {
    }

    public static String decode(byte[] b) throws MetadataException {
        Charset cs;
        int skip = 0;
        if (b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
            cs = StandardCharsets.UTF_8;
            skip = 3;
        } else if (b.length >= 2 && b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) {
            cs = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (b.length >= 2 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) {
            cs = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (b.length >= 2 && b[0] == 0 && b[1] == '<') {
            cs = StandardCharsets.UTF_16BE;
        } else if (b.length >= 2 && b[0] == '<' && b[1] == 0) {
            cs = StandardCharsets.UTF_16LE;
        } else {
            cs = declared(b);
        }
        try {
            return cs.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, skip, b.length - skip))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MetadataException("malformed recording metadata: bytes that are not valid " + cs.name(), e);
        }
    }

    private static Charset declared(byte[] b) throws MetadataException {
        String head = new String(b, 0, Math.min(b.length, 256), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("?>");
        if (!head.startsWith("<?xml") || end < 0) {
            return StandardCharsets.UTF_8;
        }
        Matcher m = ENCODING.matcher(head.substring(0, end));
        if (!m.find()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(m.group(1));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new MetadataException("malformed recording metadata: unsupported encoding '" + m.group(1) + "'", e);
        }
    }
}
