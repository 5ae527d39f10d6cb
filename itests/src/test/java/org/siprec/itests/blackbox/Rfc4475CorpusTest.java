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
import org.junit.runner.Description;
import org.junit.runner.OrderWith;
import org.junit.runner.manipulation.Ordering;
import org.junit.Test;

/**
 * The 49 torture messages of RFC 4475 (bytes exactly as in the RFC's Appendix A archive,
 * {@code src/test/resources/rfc4475/<name>.dat}) sent to the running distribution over UDP and over TCP, from the
 * trusted 127.0.0.1 and from the untrusted 127.0.0.2. Each must draw the outcome {@code rfc4475/expected.tsv} gives
 * it from the RFC (and nothing else); after each group a real call is recorded by the embedded SRS and karaf.log
 * since the group began has no exception, stack trace, ERROR line or control character from the input.
 * <p>
 * The groups run in the order of {@link TrustedGroupsApart}: the untrusted groups between the two trusted ones, so that
 * they take up most of the {@link #GROUP_GAP} the second trusted group must wait for.
 */
@OrderWith(Rfc4475CorpusTest.TrustedGroupsApart.class)
public class Rfc4475CorpusTest extends BlackBoxSupport {

    /**
     * T1 = 100 ms: the stack's transaction timers (J, H: 64*T1) end 6.4 s after a transaction completed, so that the
     * next group (which sends the same messages again) meets no transaction of the previous one (see {@link #GROUP_GAP}).
     */
    @ClassRule
    public static final KarafResource KARAF = new KarafResource(Rfc4475CorpusTest.class, k -> {
        HostileInput.recordToEmbeddedSrs(k);
        k.config("org.siprec.sip", "t1.ms", "100");
    });
    /**
     * Between two groups: longer than 64*T1 plus the 8 s the stack keeps a terminated server transaction (and its
     * entry for merged-request detection) to catch late messages, so that a message of this group is not taken for
     * a retransmission or a merged request (RFC 3261 8.2.2.2: 482) of the same message sent by the previous group.
     * Waited only before a trusted group: an untrusted source's request is answered (403) or dropped by the door
     * before the stack makes a transaction of it (docs/security.md), so an untrusted group neither leaves a
     * transaction behind nor can meet one; were the trust check ever after the stack's, the stack's 482 for a message
     * of the previous group would fail the untrusted group (only 403 or nothing is allowed there).
     */
    private static final long GROUP_GAP = 15000;
    private static long lastGroupEnd;

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
            // (baddn.dat of the RFC's archive ends with "l: 0" CRLF: no empty line after its header fields)
            assertTrue(e.name + " ends its header section with CRLF CRLF", text.contains("\r\n\r\n") || e.name.equals("baddn"));
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
        long gap = lastGroupEnd + GROUP_GAP - System.currentTimeMillis();
        if (source.equals(TRUSTED) && gap > 0) {
            Thread.sleep(gap);
        }
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
                String problem = check(e, o, allowed, source.equals(TRUSTED));
                SUMMARY.add(String.format(Locale.ROOT, "%-10s %s %s: %-12s / %s%s", e.name, transport, source, o.describe(), allowed,
                        problem == null ? "" : "   <-- " + problem));
                if (problem != null) {
                    failures.add(e.name + " (" + e.section + ", " + transport + " from " + source + "): " + problem
                            + "; RFC: " + e.why + "\n    first response: " + firstResponse(o));
                }
            }
            // the platform is unharmed: a real call is recorded, and the log shows nothing the input caused
            recordedCall();
            if (source.equals(TRUSTED)) {
                // only a trusted group leaves transactions behind for the next trusted group to meet (GROUP_GAP)
                lastGroupEnd = System.currentTimeMillis();
            }
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

    /**
     * Sends one message as the table says. The corpus reuses branch values (z9hG4bKkdjuw in 20 messages): sent to
     * one element together they would be one transaction to a stack that matches on the branch alone, and the
     * outcome would say nothing about the message itself; so the first Via's branch gets a suffix unique to this
     * group and message ({@code .u1-wsinv}, {@code .t2-esc01}: transport, source, name), unless the branch is the bare magic cookie (badbranch,
     * whose point it is). Over TCP nothing else changes; over UDP the first Via's transport and sent-by are
     * replaced by the test socket's (column udp = via) so that the answer comes to the test.
     */
    private HostileInput.Outcome send(Entry e, String transport, String source) throws IOException {
        byte[] bytes = e.bytes();
        String suffix = "." + transport.charAt(0) + source.substring(source.length() - 1) + "-" + e.name;
        if (e.isResponse()) {
            suffix = null; // a response is sent as it is: nothing may come back whatever its Via says
        }
        if (transport.equals("tcp")) {
            return HostileInput.tcp(source, HostileInput.rewriteTopVia(bytes, null, 0, suffix), WAIT, SETTLE);
        }
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), 0))) {
            byte[] datagram = e.viaRewrite ? HostileInput.rewriteTopVia(bytes, source, s.getLocalPort(), suffix) : bytes;
            return HostileInput.udp(s, datagram, WAIT, SETTLE);
        }
    }

    private static String allowed(Entry e, String transport, String source) {
        if (source.equals(UNTRUSTED)) {
            return e.isResponse() ? (transport.equals("tcp") ? "drop|close" : "drop") : "403|drop|close";
        }
        String a = transport.equals("tcp") ? e.trustedTcp : e.trustedUdp;
        return a.replace("routed", "1xx|2xx|3xx|4xx|5xx|6xx|!400|!500|!505");
    }

    /**
     * Null if the outcome is one of the allowed ones (and nothing else was answered), else why not. An exact status
     * or drop/close token that matches is enough; a class token (4xx) matches unless an exclusion (!400) names the
     * status.
     */
    static String check(Entry e, HostileInput.Outcome o, String allowed, boolean checkContains) {
        List<Integer> finals = o.statuses().stream().filter(s -> s >= 200).toList();
        if (finals.size() > 1) {
            return "more than one answer: " + o.describe();
        }
        int status = o.finalStatus();
        List<String> tokens = List.of(allowed.split("\\|"));
        boolean exact = tokens.stream().anyMatch(t -> !t.startsWith("!") && !t.matches("[1-6]xx") && matches(t, o, status));
        boolean byClass = tokens.stream().anyMatch(t -> t.matches("[1-6]xx") && matches(t, o, status))
                && tokens.stream().noneMatch(t -> t.equals("!" + status));
        if (!exact && !byClass) {
            return "got " + o.describe() + ", allowed: " + allowed;
        }
        if (checkContains && !e.contains.equals("-") && status >= 200) {
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

    /**
     * The corpus check first, then trusted TCP, untrusted TCP, untrusted UDP and trusted UDP last (a method not named
     * here runs at the end).
     */
    public static final class TrustedGroupsApart implements Ordering.Factory {
        private static final List<String> ORDER = List.of("corpusIsTheRfcsFortyNineMessagesByteExact",
                "trustedSourceOverTcpGetsTheRfcOutcomes", "untrustedSourceOverTcpGets403OrNothing",
                "untrustedSourceOverUdpGets403OrNothing", "trustedSourceOverUdpGetsTheRfcOutcomes");

        @Override
        public Ordering create(Ordering.Context context) {
            return new Ordering() {
                @Override
                protected List<Description> orderItems(java.util.Collection<Description> descriptions) {
                    List<Description> ordered = new ArrayList<>(descriptions);
                    ordered.sort(java.util.Comparator.comparingInt(d -> {
                        int at = ORDER.indexOf(d.getMethodName());
                        return at < 0 ? ORDER.size() : at;
                    }));
                    return ordered;
                }
            };
        }
    }
}
