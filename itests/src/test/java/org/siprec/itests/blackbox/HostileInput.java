package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw bytes to the B2BUA and what came back, over UDP and TCP, from a chosen source address; plus the checks that
 * hostile input left nothing behind: karaf.log without exception, stack trace, ERROR or control character, and a
 * real call recorded by the distribution's embedded SRS.
 */
final class HostileInput {

    /** The embedded SRS's endpoint in these classes (off the distribution's 5090, as in RecordingSupport). */
    static final int EMBEDDED_SRS_PORT = RecordingSupport.EMBEDDED_SRS_PORT;

    private HostileInput() {
    }

    /** A Karaf with the default record-all policy recording to its embedded SRS, moved to {@link #EMBEDDED_SRS_PORT}. */
    static KarafResource karafRecordingToEmbeddedSrs(Class<?> testClass) {
        return new KarafResource(testClass, HostileInput::recordToEmbeddedSrs);
    }

    static void recordToEmbeddedSrs(KarafProcess k) {
        k.config("org.siprec.policy.recordall", "enabled", "true")
                .config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(EMBEDDED_SRS_PORT))
                .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(EMBEDDED_SRS_PORT))
                .config("org.siprec.srs.sip", "srs.uris", "sip:srs@127.0.0.1:" + EMBEDDED_SRS_PORT);
    }

    /** What one message drew: the responses (start line + headers + body, as text) and whether the server closed TCP. */
    static final class Outcome {
        final List<String> responses = new ArrayList<>();
        boolean closed;

        /** The first final response's status, or -1. */
        int finalStatus() {
            for (String r : responses) {
                int s = RawSip.status(r);
                if (s >= 200) {
                    return s;
                }
            }
            return -1;
        }

        boolean provisionalOnly() {
            return finalStatus() < 0 && responses.stream().anyMatch(r -> RawSip.status(r) >= 100);
        }

        /** Every distinct status line answered, in order. */
        List<Integer> statuses() {
            List<Integer> out = new ArrayList<>();
            for (String r : responses) {
                int s = RawSip.status(r);
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
            return out;
        }

        /** "drop", "close", "100,481", ... */
        String describe() {
            if (responses.isEmpty()) {
                return closed ? "close" : "drop";
            }
            StringBuilder sb = new StringBuilder();
            for (int s : statuses()) {
                sb.append(sb.length() == 0 ? "" : ",").append(s);
            }
            return closed ? sb + "+close" : sb.toString();
        }
    }

    /**
     * Sends one datagram from {@code localIp} (an ephemeral port) and collects what comes back for {@code waitMillis},
     * or until a final response, then {@code settleMillis} more (to see a second, different answer).
     */
    static Outcome udp(String localIp, byte[] datagram, int waitMillis, int settleMillis) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localIp), 0))) {
            return udp(s, datagram, waitMillis, settleMillis);
        }
    }

    static Outcome udp(DatagramSocket s, byte[] datagram, int waitMillis, int settleMillis) throws IOException {
        Outcome o = new Outcome();
        s.send(new DatagramPacket(datagram, datagram.length,
                new InetSocketAddress(InetAddress.getByName(KarafProcess.SIP_HOST), KarafProcess.SIP_PORT)));
        long end = System.currentTimeMillis() + waitMillis;
        byte[] buf = new byte[65535];
        while (true) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return o;
            }
            s.setSoTimeout((int) left);
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return o;
            }
            String r = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (r.startsWith("SIP/2.0 ")) {
                o.responses.add(r);
                if (RawSip.status(r) >= 200) {
                    end = Math.min(end, System.currentTimeMillis() + settleMillis);
                }
            }
        }
    }

    /**
     * Opens a TCP connection from {@code localIp}, writes the bytes, and reads responses for {@code waitMillis} (or
     * until a final response plus {@code settleMillis}, or until the server closes the connection).
     */
    static Outcome tcp(String localIp, byte[] bytes, int waitMillis, int settleMillis) throws IOException {
        Outcome o = new Outcome();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName(KarafProcess.SIP_HOST), KarafProcess.SIP_PORT), 2000);
            // written by another thread: a platform that stops reading a too large message must not block the test
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // the platform closed the connection while we were still writing (a size limit): seen by the reader
                }
            }, "raw-tcp-writer");
            writer.setDaemon(true);
            writer.start();
            readResponses(s, o, waitMillis, settleMillis);
        }
        return o;
    }

    private static void readResponses(Socket s, Outcome o, int waitMillis, int settleMillis) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream acc = new ByteArrayOutputStream();
        long end = System.currentTimeMillis() + waitMillis;
        byte[] buf = new byte[8192];
        while (true) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            s.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return;
            } catch (SocketException e) {
                o.closed = true; // reset by the server
                return;
            }
            if (n < 0) {
                o.closed = true;
                return;
            }
            acc.write(buf, 0, n);
            String text = acc.toString(StandardCharsets.ISO_8859_1);
            int consumed = 0;
            while (true) {
                int eoh = text.indexOf("\r\n\r\n", consumed);
                if (eoh < 0) {
                    break;
                }
                String head = text.substring(consumed, eoh + 4);
                String cl = RawSip.header(head, "Content-Length", "l");
                int len = cl == null ? 0 : Integer.parseInt(cl.trim());
                if (text.length() < eoh + 4 + len) {
                    break;
                }
                String msg = text.substring(consumed, eoh + 4 + len);
                consumed = eoh + 4 + len;
                String trimmed = msg.stripLeading();
                if (trimmed.startsWith("SIP/2.0 ")) {
                    o.responses.add(trimmed);
                    if (RawSip.status(trimmed) >= 200) {
                        end = Math.min(end, System.currentTimeMillis() + settleMillis);
                    }
                }
            }
            byte[] rest = text.substring(consumed).getBytes(StandardCharsets.ISO_8859_1);
            acc.reset();
            acc.write(rest, 0, rest.length);
        }
    }

    private static final Pattern TOP_VIA = Pattern.compile(
            "(?im)^(?:via|v)[ \\t]*:[ \\t\\r\\n]*SIP[ \\t\\r\\n]*/[ \\t\\r\\n]*[0-9.]+[ \\t\\r\\n]*/[ \\t\\r\\n]*([A-Za-z]+)[ \\t\\r\\n]+([^;,\\s]+)");
    /** The branch parameter's value, searched from the sent-by on, within the first Via value (up to a comma or the next header). */
    private static final Pattern BRANCH = Pattern.compile("(?i)\\G(?:[^,\\r]|\\r\\n[ \\t])*?;[ \\t\\r\\n]*branch[ \\t\\r\\n]*=[ \\t\\r\\n]*([^;,\\s]+)");

    /**
     * The message with, in its first Via only: the transport and sent-by replaced by {@code UDP <ip>:<port>} (if
     * {@code ip} is not null) and {@code branchSuffix} appended to a branch value that has more than the bare magic
     * cookie (if not null). Every other byte is unchanged (folding, other parameters, the other Vias, the body).
     * The message itself if it has no Via.
     */
    static byte[] rewriteTopVia(byte[] message, String ip, int port, String branchSuffix) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int eoh = text.indexOf("\r\n\r\n");
        String head = eoh < 0 ? text : text.substring(0, eoh);
        Matcher m = TOP_VIA.matcher(head);
        if (!m.find()) {
            return message;
        }
        StringBuilder out = new StringBuilder(text);
        Matcher b = BRANCH.matcher(head);
        if (branchSuffix != null && b.find(m.end(2))) {
            String value = b.group(1);
            if (!value.equalsIgnoreCase("z9hG4bK")) {
                out.insert(b.end(1), branchSuffix);
            }
        }
        if (ip != null) {
            out.replace(m.start(2), m.end(2), ip + ":" + port);
            out.replace(m.start(1), m.end(1), "UDP");
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- karaf.log

    static long logSize(KarafProcess karaf) {
        try {
            Path f = karaf.karafLog();
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** karaf.log from {@code offset} on, as bytes decoded 1:1 (ISO-8859-1), so control characters stay visible. */
    static String logSince(KarafProcess karaf, long offset) {
        Path file = karaf.karafLog();
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = f.length() < offset ? 0 : offset;
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    /**
     * What in this part of karaf.log shows that input hurt: a line with an exception, a stack trace frame, an ERROR
     * level, or a control character (other than tab and line ends) copied from the input. Empty if nothing.
     */
    static List<String> logProblems(String log) {
        List<String> problems = new ArrayList<>();
        for (String line : log.split("\r?\n")) {
            if (line.contains("Exception") || line.contains("Throwable") || line.matches("^\\s+at [\\w.$]+\\(.*")
                    || line.contains("| ERROR ") || line.contains(" ERROR ") || line.startsWith("Caused by:")) {
                problems.add(line);
            } else if (CONTROL.matcher(line).find()) {
                problems.add("control character in: " + CONTROL.matcher(line).replaceAll(mr -> String.format("\\\\x%02X", (int) mr.group().charAt(0))));
            }
            if (problems.size() > 40) {
                problems.add("…");
                break;
            }
        }
        return problems;
    }

    // ---- the embedded SRS's recordings

    /** The index.jsonl line of the last recording naming this caller AOR, waited for up to 15 s. */
    static String awaitRecording(KarafProcess karaf, String callerAor) {
        Path index = karaf.home().resolve("data/recordings/index.jsonl");
        return await("the embedded SRS recorded the call of " + callerAor + " (" + index + ")")
                .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> indexEntry(index, callerAor), Optional::isPresent).get();
    }

    static Optional<String> indexEntry(Path index, String callerAor) throws IOException {
        if (!Files.exists(index)) {
            return Optional.empty();
        }
        return Files.readAllLines(index, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"" + callerAor + "\"")).reduce((a, b) -> b);
    }

    static String printable(String s) {
        return CONTROL.matcher(s).replaceAll(mr -> String.format("\\\\x%02X", (int) mr.group().charAt(0)));
    }
}
