package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The 49 torture messages of RFC 4475 (bytes exactly as in the RFC's Appendix A archive,
 * {@code src/test/resources/rfc4475/<name>.dat}) sent to the running distribution over UDP and over TCP, from the
 * trusted 127.0.0.1 and from the untrusted 127.0.0.2. Each must draw the outcome {@code rfc4475/expected.tsv} gives
 * it from the RFC (and nothing else); after each group a real call is recorded by the embedded SRS and karaf.log
 * since the group began has no exception, stack trace, ERROR line or control character from the input.
 */
public class Rfc4475CorpusTest extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = HostileInput.karafRecordingToEmbeddedSrs(Rfc4475CorpusTest.class);

    static final String TRUSTED = "127.0.0.1";
    static final String UNTRUSTED = "127.0.0.2";
    /** How long each message is given to draw an answer (the platform answers in milliseconds). */
    private static final int WAIT = Integer.getInteger("siprec.rfc4475.wait.ms", 2500);
    /** After a final response: how long to go on listening for a second, different one. */
    private static final int SETTLE = 400;
    /** Between two messages of a group (all are in flight at once, their waits overlap). */
    private static final int SPACING = Integer.getInteger("siprec.rfc4475.spacing.ms", 25);

    private static final Map<String, Entry> CORPUS = new LinkedHashMap<>();
    private static final List<String> SUMMARY = new ArrayList<>();

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    /** One row of expected.tsv. */
    record Entry(String name, String section, String rfc, boolean viaRewrite, String trustedUdp, String trustedTcp, String contains, String why) {
        boolean isResponse() {
            return rfc.equals("response");
        }

        byte[] bytes() {
            try {
                return Files.readAllBytes(dir().resolve(name + ".dat"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Path dir() {
        return Paths.get(System.getProperty("siprec.rfc4475.dir", "src/test/resources/rfc4475"));
    }

    @BeforeClass
    public static void readTable() throws IOException {
        for (String line : Files.readAllLines(dir().resolve("expected.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t");
            String udp = c[4];
            String tcp = c[4];
            if (c[4].startsWith("udp:")) {
                String[] parts = c[4].split(";");
                udp = parts[0].substring(4);
                tcp = parts[1].substring(4);
            }
            CORPUS.put(c[0], new Entry(c[0], c[1], c[2], c[3].equals("via"), udp, tcp, c[5], c[6]));
        }
    }

    @AfterClass
    public static void printSummary() {
        System.out.println("[blackbox] RFC 4475 outcomes (name transport source: seen / allowed):");
        SUMMARY.forEach(s -> System.out.println("[blackbox]   " + s));
    }

    @Test
    public void corpusIsTheRfcsFortyNineMessagesByteExact() throws IOException {
        assertEquals("messages in expected.tsv", 49, CORPUS.size());
        List<String> files = new ArrayList<>();
        try (var s = Files.list(dir())) {
            s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".dat")).sorted().forEach(files::add);
        }
        assertEquals("one .dat per row of expected.tsv", CORPUS.keySet().stream().map(n -> n + ".dat").sorted().toList(), files);
        // the files are the RFC's bytes: CRLF line ends (a checkout that converted them would fail here)
        for (Entry e : CORPUS.values()) {
            String text = new String(e.bytes(), StandardCharsets.ISO_8859_1);
            assertTrue(e.name + " ends its header section with CRLF CRLF", text.contains("\r\n\r\n"));
        }
        // and the SHA-256 of each is the one recorded from the RFC's archive
        for (String line : Files.readAllLines(dir().resolve("SHA256SUMS"))) {
            String[] c = line.split("\\s+");
            assertEquals("SHA-256 of " + c[1], c[0], sha256(Files.readAllBytes(dir().resolve(c[1]))));
        }
    }

    @Test
    public void trustedSourceOverUdpGetsTheRfcOutcomes() throws Exception {
        runGroup("udp", TRUSTED);
    }

    @Test
    public void trustedSourceOverTcpGetsTheRfcOutcomes() throws Exception {
        runGroup("tcp", TRUSTED);
    }

    @Test
    public void untrustedSourceOverUdpGets403OrNothing() throws Exception {
        runGroup("udp", UNTRUSTED);
    }

    @Test
    public void untrustedSourceOverTcpGets403OrNothing() throws Exception {
        runGroup("tcp", UNTRUSTED);
    }

    /**
     * All 49 messages of the group in flight at once (SPACING apart, each from its own socket or connection), each
     * outcome checked against the table; then a recorded call, then karaf.log since the group began.
     */
    private void runGroup(String transport, String source) throws Exception {
        long logStart = HostileInput.logSize(karaf());
        List<Entry> entries = List.copyOf(CORPUS.values());
        ExecutorService pool = Executors.newFixedThreadPool(entries.size());
        List<Future<HostileInput.Outcome>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                int delay = i * SPACING;
                futures.add(pool.submit(() -> {
                    Thread.sleep(delay);
                    return send(e, transport, source);
                }));
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                HostileInput.Outcome o = futures.get(i).get();
                String allowed = allowed(e, transport, source);
                String problem = check(e, o, allowed);
                SUMMARY.add(String.format(Locale.ROOT, "%-10s %s %s: %-12s / %s%s", e.name, transport, source, o.describe(), allowed,
                        problem == null ? "" : "   <-- " + problem));
                if (problem != null) {
                    failures.add(e.name + " (" + e.section + ", " + transport + " from " + source + "): " + problem
                            + "; RFC: " + e.why + "\n    first response: " + firstResponse(o));
                }
            }
            // the platform is unharmed: a real call is recorded, and the log shows nothing the input caused
            recordedCall();
            List<String> logProblems = HostileInput.logProblems(HostileInput.logSince(karaf(), logStart));
            if (!failures.isEmpty() || !logProblems.isEmpty()) {
                fail(failures.size() + " of 49 messages over " + transport + " from " + source + " drew another outcome than the RFC's:\n  "
                        + String.join("\n  ", failures)
                        + (logProblems.isEmpty() ? "" : "\nkaraf.log since the group began:\n  " + String.join("\n  ", logProblems)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private HostileInput.Outcome send(Entry e, String transport, String source) throws IOException {
        byte[] bytes = e.bytes();
        if (transport.equals("tcp")) {
            return HostileInput.tcp(source, bytes, WAIT, SETTLE);
        }
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), 0))) {
            byte[] datagram = e.viaRewrite ? HostileInput.rewriteTopVia(bytes, source, s.getLocalPort()) : bytes;
            return HostileInput.udp(s, datagram, WAIT, SETTLE);
        }
    }

    private static String allowed(Entry e, String transport, String source) {
        if (source.equals(UNTRUSTED)) {
            return e.isResponse() ? "drop" : "403|drop|close";
        }
        String a = transport.equals("tcp") ? e.trustedTcp : e.trustedUdp;
        return a.replace("routed", "1xx|2xx|3xx|4xx|5xx|6xx|!400|!500|!505");
    }

    /** Null if the outcome is one of the allowed ones (and nothing else was answered), else why not. */
    static String check(Entry e, HostileInput.Outcome o, String allowed) {
        List<Integer> finals = o.statuses().stream().filter(s -> s >= 200).toList();
        if (finals.size() > 1) {
            return "more than one answer: " + o.describe();
        }
        int status = o.finalStatus();
        boolean matched = false;
        for (String token : allowed.split("\\|")) {
            if (token.startsWith("!")) {
                if (status == Integer.parseInt(token.substring(1))) {
                    return "answered " + status + ", never allowed here (allowed: " + allowed + ")";
                }
                continue;
            }
            matched |= matches(token, o, status);
        }
        if (!matched) {
            return "got " + o.describe() + ", allowed: " + allowed;
        }
        if (!e.contains.equals("-") && status >= 200) {
            String response = o.responses.stream().filter(r -> RawSip.status(r) == status).findFirst().orElse("");
            if (RawSip.header(response, e.contains, null) == null) {
                return status + " without the " + e.contains + " header field";
            }
        }
        return null;
    }

    private static boolean matches(String token, HostileInput.Outcome o, int status) {
        switch (token) {
            case "drop":
                return o.responses.isEmpty() && !o.closed;
            case "close":
                return status < 0 && o.closed;
            case "1xx":
                return o.provisionalOnly();
            default:
                if (token.endsWith("xx")) {
                    return status >= 200 && status / 100 == token.charAt(0) - '0';
                }
                return status == Integer.parseInt(token);
        }
    }

    /** A call from SIPp through the platform, recorded by the embedded SRS. */
    private void recordedCall() {
        call(callee("uas_basic.xml").withPcap(), caller("uac_basic.xml").withPcap().pause(1000));
        HostileInput.awaitRecording(karaf(), "sip:caller@127.0.0.1:" + ports.callerSip);
    }

    private static String firstResponse(HostileInput.Outcome o) {
        if (o.responses.isEmpty()) {
            return o.closed ? "(none, connection closed)" : "(none)";
        }
        String r = o.responses.get(o.responses.size() - 1);
        int eoh = r.indexOf("\r\n\r\n");
        return HostileInput.printable((eoh < 0 ? r : r.substring(0, eoh)).replace("\r\n", " | "));
    }

    private static String sha256(byte[] bytes) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
