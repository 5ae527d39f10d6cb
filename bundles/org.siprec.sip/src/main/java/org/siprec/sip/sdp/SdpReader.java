package org.siprec.sip.sdp;

import gov.nist.javax.sdp.SessionDescriptionImpl;
import gov.nist.javax.sdp.parser.ParserFactory;
import gov.nist.javax.sdp.parser.SDPParser;
import java.text.ParseException;
import java.util.regex.Pattern;
import javax.sdp.SessionDescription;

/**
 * Turns SDP text into a javax.sdp {@link SessionDescription} with the RI's field parsers, one line at a time.
 *
 * <p>Why not {@code SdpFactory.createSessionDescription(String)}: on any bad line it prints a stack trace to
 * stderr and throws "Could not parse message", which names neither the line nor the fault, and a peer could fill
 * the log with them. Here each line is checked for the faults peers actually send (not {@code x=value}, NUL, an
 * o=, c= or m= line without its fields, a port that is no port) before the RI sees it, and anything the RI still
 * refuses is reported with its line (the RI's field parsers may still print a trace for those).
 */
final class SdpReader {
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\n|\r");
    private static final Pattern TYPE_VALUE = Pattern.compile("[a-z]=.*", Pattern.DOTALL);
    /**
     * m=<media> <port>[/<number of ports>] <proto> [<fmt> ...] (RFC 4566 section 5.14), media, proto and formats
     * made of the token characters the RI's lexer takes (otherwise it prints a stack trace for the line).
     */
    private static final Pattern MEDIA = Pattern.compile(
            "m=[\\w\\-.!%*+`'~]+ +(\\d{1,5})(/\\d{1,5})? +[\\w\\-.!%*+`'~]+(/[\\w\\-.!%*+`'~]+)*( +[\\w\\-.!%*+`'~]+)* *");
    /** An IPv4 or IPv6 address or a host name, with an optional /ttl or /number of addresses (ASCII only). */
    private static final String ADDRESS = "[A-Za-z0-9:][A-Za-z0-9.:\\-]*(/\\d{1,5}){0,2}";
    /** o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (RFC 4566 section 5.2). */
    private static final Pattern ORIGIN = Pattern.compile(
            "o=[\\x21-\\x7e]+ +\\d{1,40} +\\d{1,40} +[\\w\\-.!%*+`'~]+ +[\\w\\-.!%*+`'~]+ +" + ADDRESS + " *");
    /** c=<nettype> <addrtype> <connection-address> (RFC 4566 section 5.7). */
    private static final Pattern CONNECTION = Pattern.compile(
            "c=[\\w\\-.!%*+`'~]+ +[\\w\\-.!%*+`'~]+ +" + ADDRESS + " *");
    private static final int EXCERPT = 60;

    private SdpReader() {
    }

    /**
     * @param maxMedia the most m= lines accepted; the body is refused at the first one beyond, before the RI reads
     *                 it
     */
    static SessionDescription read(String text, int maxMedia) throws InvalidSdpException {
        SessionDescriptionImpl description = new SessionDescriptionImpl();
        String[] lines = LINE_BREAK.split(text.strip());
        int media = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("m=") && ++media > maxMedia) {
                throw new TooManyMediaException(maxMedia);
            }
            check(line, i + 1);
            try {
                SDPParser parser = ParserFactory.createParser(line);
                if (parser == null) {
                    throw new InvalidSdpException(where(i + 1, line) + " is not type=value");
                }
                description.addField(parser.parse());
            } catch (ParseException | RuntimeException e) {
                throw new InvalidSdpException(where(i + 1, line) + " cannot be read", e);
            }
        }
        return description;
    }

    private static void check(String line, int number) throws InvalidSdpException {
        if (line.indexOf('\0') >= 0) {
            throw new InvalidSdpException(where(number, line) + " holds a NUL character");
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                // RFC 4566 allows them in free text only; no peer sends them, and the RI's lexer prints a trace
                throw new InvalidSdpException(where(number, line) + " holds a control character");
            }
        }
        if (!TYPE_VALUE.matcher(line).matches()) {
            throw new InvalidSdpException(where(number, line) + " is not type=value");
        }
        if (line.startsWith("o=") && !ORIGIN.matcher(line).matches()) {
            throw new InvalidSdpException(where(number, line)
                    + " is not o=<user> <session id> <version> <net type> <address type> <address>");
        }
        if (line.startsWith("c=") && !CONNECTION.matcher(line).matches()) {
            throw new InvalidSdpException(where(number, line) + " is not c=<net type> <address type> <address>");
        }
        if (line.startsWith("m=")) {
            var m = MEDIA.matcher(line);
            if (!m.matches()) {
                throw new InvalidSdpException(where(number, line) + " is not m=<media> <port> <proto> <formats>");
            }
            if (Integer.parseInt(m.group(1)) > 65535) {
                throw new InvalidSdpException(where(number, line) + " has a port above 65535");
            }
        }
    }

    /**
     * "SDP line 7 (m=audio 99...)": a short excerpt, control characters and quotes replaced, so the reason can go
     * into a Warning header or a log line as it is.
     */
    private static String where(int number, String line) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < line.length() && i < EXCERPT; i++) {
            char c = line.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c == '"' ? '\'' : c);
        }
        if (line.length() > EXCERPT) {
            sb.append("...");
        }
        return "SDP line " + number + " (" + sb + ")";
    }
}
