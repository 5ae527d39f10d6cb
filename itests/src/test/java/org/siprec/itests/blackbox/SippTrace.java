package org.siprec.itests.blackbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP messages of one SIPp {@code -trace_msg} file, for assertions SIPp's own regexp checks cannot make: the
 * same label on the same port in every recording-session offer, the metadata read as XML rather than matched as
 * text.
 */
final class SippTrace {

    private static final Pattern SEPARATOR = Pattern.compile("(?m)^-{20,} (\\S+ \\S+)\\s*$");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\s]+)\"?");

    /** One message: received or sent, its start line, headers and body. */
    record Message(String time, boolean received, String startLine, String headers, String body) {

        boolean isRequest(String method) {
            return startLine.startsWith(method + " ");
        }

        /** The first value of a header (case-insensitive name), or null. */
        String header(String name) {
            for (String line : headers.split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        /**
         * The body part of this content type: the part of a {@code multipart/mixed} body, or the whole body when
         * the message's own Content-Type is that type; null if none.
         */
        String part(String contentType) {
            String type = header("Content-Type");
            if (type == null) {
                return null;
            }
            if (type.toLowerCase(Locale.ROOT).startsWith(contentType)) {
                return body;
            }
            Matcher b = BOUNDARY.matcher(type);
            if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/") || !b.find()) {
                return null;
            }
            for (String part : body.split(Pattern.quote("--" + b.group(1)))) {
                int end = part.indexOf("\r\n\r\n");
                if (end < 0) {
                    continue;
                }
                String partHeaders = part.substring(0, end).toLowerCase(Locale.ROOT);
                if (partHeaders.contains("content-type: " + contentType)) {
                    return part.substring(end + 4);
                }
            }
            return null;
        }

        /** The SDP (body or part): label → port of each m= line that has an {@code a=label}. */
        Map<String, Integer> portsByLabel() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            String sdp = part("application/sdp");
            if (sdp == null) {
                return ports;
            }
            Integer port = null;
            for (String line : sdp.split("\r?\n")) {
                if (line.startsWith("m=")) {
                    port = Integer.valueOf(line.split(" ")[1]);
                } else if (line.startsWith("a=label:") && port != null) {
                    ports.put(line.substring(8).trim(), port);
                }
            }
            return ports;
        }

        /** The RFC 7865 metadata of this message, or null if it has none. */
        RsMetadata metadata() {
            String xml = part("application/rs-metadata+xml");
            return xml == null ? null : RsMetadata.parse(xml);
        }

        @Override
        public String toString() {
            return time + (received ? " received " : " sent ") + startLine;
        }
    }

    private final List<Message> messages;

    private SippTrace(List<Message> messages) {
        this.messages = messages;
    }

    static SippTrace read(Path messagesLog) {
        try {
            return parse(Files.readString(messagesLog, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SippTrace parse(String text) {
        List<Message> list = new ArrayList<>();
        Matcher m = SEPARATOR.matcher(text);
        List<int[]> starts = new ArrayList<>();
        List<String> times = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            times.add(m.group(1));
        }
        for (int i = 0; i < starts.size(); i++) {
            String block = text.substring(starts.get(i)[1], i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length());
            // "UDP message received [n] bytes :" or "TCP message sent (n bytes):", a blank line, the message
            block = block.replaceFirst("^\\s*\\n", "");
            int eol = block.indexOf('\n');
            if (eol < 0) {
                continue;
            }
            boolean received = block.substring(0, eol).contains("received");
            String message = block.substring(eol + 1).replaceFirst("^\\s+", "");
            // SIPp separates the entries with bare "\n" lines; the message itself uses CRLF
            message = message.replaceFirst("(\\n)+$", "");
            int headEnd = message.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? message : message.substring(0, headEnd);
            String body = headEnd < 0 ? "" : message.substring(headEnd + 4);
            int firstEol = head.indexOf("\r\n");
            String startLine = firstEol < 0 ? head.trim() : head.substring(0, firstEol).trim();
            String headers = firstEol < 0 ? "" : head.substring(firstEol + 2);
            list.add(new Message(times.get(i), received, startLine, headers, body));
        }
        return new SippTrace(List.copyOf(list));
    }

    List<Message> messages() {
        return messages;
    }

    /** The requests of this method received, in order. */
    List<Message> received(String method) {
        return messages.stream().filter(x -> x.received() && x.isRequest(method)).toList();
    }
}
