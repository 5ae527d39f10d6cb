package org.siprec.src.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds and splits {@code multipart/mixed} SIP bodies (RFC 5621), as used by SIPREC for SDP + metadata. */
final class MultipartBody {
    /** One body part: its headers (lower-case names) and content. */
    record Part(Map<String, String> headers, byte[] content) {
        String contentType() {
            String type = headers.getOrDefault("content-type", "text/plain");
            int semi = type.indexOf(';');
            return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        }
    }

    private MultipartBody() {
    }

    static byte[] build(String boundary, List<Part> parts) {
        StringBuilder sb = new StringBuilder();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Part part : parts) {
            sb.setLength(0);
            sb.append("--").append(boundary).append("\r\n");
            part.headers().forEach((name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
            sb.append("\r\n");
            out.writeBytes(sb.toString().getBytes(UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
        return out.toByteArray();
    }

    static Part part(String contentType, String disposition, byte[] content) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        if (disposition != null) {
            headers.put("Content-Disposition", disposition);
        }
        return new Part(headers, content);
    }

    /** Splits a multipart body; tolerant of LF line ends and a missing closing delimiter. */
    static List<Part> split(byte[] body, String boundary) {
        String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<Part> parts = new ArrayList<>();
        int pos = text.indexOf(delimiter);
        while (pos >= 0) {
            int start = pos + delimiter.length();
            if (text.startsWith("--", start)) {
                break;
            }
            int next = text.indexOf(delimiter, start);
            String chunk = text.substring(start, next < 0 ? text.length() : next);
            chunk = chunk.replaceFirst("^[ \\t]*\\r?\\n", "");
            int headerEnd = chunk.indexOf("\r\n\r\n");
            int skip = 4;
            if (headerEnd < 0 || chunk.indexOf("\n\n") >= 0 && chunk.indexOf("\n\n") < headerEnd) {
                headerEnd = chunk.indexOf("\n\n");
                skip = 2;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String content = "";
            if (headerEnd >= 0) {
                for (String line : chunk.substring(0, headerEnd).split("\\r?\\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                    }
                }
                content = chunk.substring(headerEnd + skip);
            }
            content = content.replaceFirst("\\r?\\n$", "");
            parts.add(new Part(headers, content.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            pos = next;
        }
        return parts;
    }
}
