package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.siprec.testsupport.TextFiles;
import org.siprec.testsupport.Tools;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Scale-out behind an existing SIP load balancer (issue 10, docs/scale-out.md): Kamailio's dispatcher (Debian package
 * {@code kamailio}, config {@code src/test/resources/kamailio/dispatcher.cfg}) in front of two platform nodes, each a
 * distribution of its own with its own ports and its embedded SRS. SIPp caller -> Kamailio -> node -> SIPp callee.
 * <ol>
 * <li>calls are spread round-robin over both nodes and every one is recorded, counted at each node's embedded SRS
 * ({@code data/recordings/index.jsonl}, completed): each node recorded some, the sum is the number of calls, and each
 * node recorded the calls Kamailio sent it (its log);</li>
 * <li>a node stops: Kamailio's OPTIONS probe marks it down, and the next calls all go to the other node and are
 * recorded there.</li>
 * </ol>
 * Both nodes are started in parallel once for the class; Kamailio runs in the foreground ({@code -DD -E}).
 */
public class DispatcherTopologyTest extends BlackBoxSupport {

    /** Where Kamailio listens for the callers. */
    static final int KAMAILIO_PORT = Integer.getInteger("siprec.blackbox.kamailio.port", 5266);
    static final Node NODE_A = new Node("a", 5270, 31000, 33000, 8103, 8196);
    static final Node NODE_B = new Node("b", 5280, 31500, 35000, 8104, 8197);
    private static final int CALLS = 6;
    private static final int CALLS_AFTER_STOP = 4;

    private static Path kamailioDir;
    private static Process kamailio;

    /** The ports of one platform node: SIP (B2BUA), embedded SRS SIP = sip + 2, test-call endpoint = sip + 4. */
    record Node(String name, int sip, int relayMin, int srsMediaMin, int ssh, int http) {

        String uri() {
            return "sip:127.0.0.1:" + sip;
        }

        KarafProcess configure() {
            KarafProcess k = KarafProcess.copyOfDistribution(DispatcherTopologyTest.class.getSimpleName() + "-" + name)
                    .sipPort(sip);
            k.config("org.siprec.sip", "listen.address", KarafProcess.SIP_HOST)
                    .config("org.siprec.sip", "udp.port", Integer.toString(sip))
                    .config("org.siprec.sip", "tcp.port", Integer.toString(sip))
                    .config("org.siprec.media", "port.min", Integer.toString(relayMin))
                    .config("org.siprec.media", "port.max", Integer.toString(relayMin + 499))
                    .config("org.apache.karaf.shell", "sshPort", Integer.toString(ssh))
                    .config("org.ops4j.pax.web", "org.osgi.service.http.port", Integer.toString(http))
                    .config("org.siprec.src", "trusted.peers", "127.0.0.1")
                    // every call recorded by this node's own embedded SRS
                    .config("org.siprec.policy.recordall", "enabled", "true")
                    .config("org.siprec.policy.recordall", "mandatory", "false")
                    .config("org.siprec.srs.sip", "srs.uris", "sip:srs@127.0.0.1:" + (sip + 2))
                    .config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(sip + 2))
                    .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(sip + 2))
                    .config("org.siprec.srs.embedded", "port.min", Integer.toString(srsMediaMin))
                    .config("org.siprec.srs.embedded", "port.max", Integer.toString(srsMediaMin + 1999));
            if (Files.exists(k.home().resolve("etc/org.siprec.sip.endpoint-testcall.cfg"))) {
                k.config("org.siprec.sip.endpoint-testcall", "udp.port", Integer.toString(sip + 4))
                        .config("org.siprec.sip.endpoint-testcall", "tcp.port", Integer.toString(sip + 4));
            }
            return k;
        }
    }

    private static KarafProcess nodeA;
    private static KarafProcess nodeB;

    @BeforeClass
    public static void startTopology() throws Exception {
        Tools.sipp();
        Path kamailioBin = Tools.find("kamailio", System.getenv("PATH") + File.pathSeparator + "/usr/sbin")
                .orElseThrow(() -> new AssertionError("kamailio is required by this test but is not installed (not"
                        + " found on PATH nor in /usr/sbin). Install the Debian package kamailio: apt-get install -y"
                        + " kamailio (as root, or with sudo)"));
        KarafProcess a = NODE_A.configure();
        KarafProcess b = NODE_B.configure();
        nodeA = a;
        nodeB = b;
        long t0 = System.nanoTime();
        // both nodes at once: two cold Karaf starts in parallel take little longer than one on 2 cores
        CompletableFuture<KarafProcess> startA = CompletableFuture.supplyAsync(() -> a.start(KarafResource.START_TIMEOUT));
        CompletableFuture<KarafProcess> startB = CompletableFuture.supplyAsync(() -> b.start(KarafResource.START_TIMEOUT));
        CompletableFuture.allOf(startA, startB).exceptionally(e -> null).join();
        startA.join();
        startB.join();
        System.out.printf("[blackbox] DispatcherTopologyTest: two nodes up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        kamailioDir = KarafProcess.buildDir().resolve("blackbox").resolve(DispatcherTopologyTest.class.getSimpleName())
                .resolve("kamailio");
        KarafProcess.deleteTree(kamailioDir);
        Files.createDirectories(kamailioDir.resolve("run"));
        Path list = kamailioDir.resolve("dispatcher.list");
        Files.writeString(list, "# set destination\n1 " + NODE_A.uri() + "\n1 " + NODE_B.uri() + "\n");
        String template;
        try (var in = DispatcherTopologyTest.class.getResourceAsStream("/kamailio/dispatcher.cfg")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path cfg = kamailioDir.resolve("kamailio.cfg");
        Files.writeString(cfg, template.replace("@LISTEN@", "udp:127.0.0.1:" + KAMAILIO_PORT)
                .replace("@DISPATCHER_LIST@", list.toString()));
        // foreground (-DD), log to stderr (-E), small shared (-m, MB) and private (-M) memory, runtime files here (-Y)
        kamailio = new ProcessBuilder(kamailioBin.toString(), "-DD", "-E", "-f", cfg.toString(), "-m", "32", "-M", "4",
                "-Y", kamailioDir.resolve("run").toString(), "-P", kamailioDir.resolve("run/kamailio.pid").toString())
                .directory(kamailioDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(kamailioLog().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        // an OPTIONS to Kamailio is dispatched like any new request: answered 200 by a node once the proxy is up
        await("Kamailio on 127.0.0.1:" + KAMAILIO_PORT + " relaying to a node").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!kamailio.isAlive()) {
                        throw new IllegalStateException("kamailio exited with " + kamailio.exitValue() + "\n" + kamailioLogTail());
                    }
                    return RawSip.optionsAnsweredOk(KarafProcess.SIP_HOST, KAMAILIO_PORT, 250);
                });
    }

    @AfterClass
    public static void stopTopology() throws InterruptedException {
        if (kamailio != null && kamailio.isAlive()) {
            List<ProcessHandle> children = kamailio.descendants().toList();
            kamailio.destroy();
            if (!kamailio.waitFor(10, TimeUnit.SECONDS)) {
                kamailio.destroyForcibly();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Override
    protected KarafProcess karaf() {
        return nodeA;
    }

    @Test
    public void callsAreSpreadOverBothNodesAndGoToTheOtherWhenOneStops() throws IOException {
        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;

        // 1. both nodes serve: round-robin, every call recorded by the node that took it
        long logAtStart = size(kamailioLog());
        calls(CALLS, "spread");
        int a = awaitRecorded(nodeA, callerAor, n -> n + recordedBy(nodeB, callerAor) == CALLS);
        int b = recordedBy(nodeB, callerAor);
        String kamailioLines = since(kamailioLog(), logAtStart);
        long toA = dispatchedTo(kamailioLines, NODE_A);
        long toB = dispatchedTo(kamailioLines, NODE_B);
        System.out.printf("[blackbox] DispatcherTopologyTest: %d calls, node a recorded %d (dispatched %d), node b %d"
                + " (dispatched %d)%n", CALLS, a, toA, b, toB);
        assertEquals("every call recorded once, at one node or the other\n" + kamailioLogTail(), CALLS, a + b);
        assertTrue("node a recorded some of the calls: a=" + a + ", b=" + b + "\n" + kamailioLogTail(), a > 0);
        assertTrue("node b recorded some of the calls: a=" + a + ", b=" + b + "\n" + kamailioLogTail(), b > 0);
        assertEquals("node a recorded the calls Kamailio sent it", toA, a);
        assertEquals("node b recorded the calls Kamailio sent it", toB, b);
        // the node copies Kamailio's Record-Route into its answer: a caller's in-dialog requests go through Kamailio
        assertTrue("the caller's 200 carries Kamailio's Record-Route",
                Files.readString(testDir().resolve("spread/caller.messages.log"), StandardCharsets.ISO_8859_1)
                        .contains("Record-Route: <sip:127.0.0.1:" + KAMAILIO_PORT + ";lr"));

        // 2. node b stops: the probe takes it out, the next calls all go to node a and are recorded there
        nodeB.close();
        await("Kamailio's probe marks node b down").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> since(kamailioLog(), logAtStart).contains("dispatcher: node " + NODE_B.uri() + " down"));
        long logAtStop = size(kamailioLog());
        calls(CALLS_AFTER_STOP, "after-stop");
        int aAfter = awaitRecorded(nodeA, callerAor, n -> n == a + CALLS_AFTER_STOP);
        String afterStop = since(kamailioLog(), logAtStop);
        assertEquals("every call after the stop recorded by node a\n" + kamailioLogTail(), a + CALLS_AFTER_STOP, aAfter);
        assertEquals("no call sent to the stopped node\n" + afterStop, 0, dispatchedTo(afterStop, NODE_B));
        assertEquals("node b recorded nothing more", b, recordedBy(nodeB, callerAor));
    }

    /** {@code n} short calls with RTP both ways through Kamailio; all must succeed. */
    private void calls(int n, String phase) {
        Path dir = testDir().resolve(phase);
        Sipp callee = Sipp.of("callee", "uas_basic.xml", dir).localPort(ports.calleeSip).mediaPort(ports.calleeMedia)
                .withPcap().calls(n);
        Sipp caller = Sipp.of("caller", "uac_basic.xml", dir).localPort(ports.callerSip).mediaPort(ports.callerMedia)
                .remote(KarafProcess.SIP_HOST + ":" + KAMAILIO_PORT)
                .key("dest", KarafProcess.SIP_HOST + ":" + ports.calleeSip).withPcap()
                .calls(n).rate(4).pause(500).timeout(Duration.ofSeconds(60));
        call(callee, caller);
    }

    /** Waits until this node's embedded SRS indexed completed recordings of the caller that satisfy {@code done}. */
    private static int awaitRecorded(KarafProcess node, String callerAor, java.util.function.IntPredicate done) {
        return await("recordings completed at " + node.home()).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> recordedBy(node, callerAor), done::test);
    }

    /** Completed recordings of this caller in the node's {@code data/recordings/index.jsonl}. */
    static int recordedBy(KarafProcess node, String callerAor) {
        Path index = node.home().resolve("data/recordings/index.jsonl");
        try {
            if (!Files.exists(index)) {
                return 0;
            }
            return (int) Files.readAllLines(index, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("\"" + callerAor + "\"") && l.contains("\"state\":\"completed\""))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** New calls Kamailio dispatched to this node (its "dispatcher: INVITE <call-id> to <node>" lines). */
    static long dispatchedTo(String kamailioLines, Node node) {
        return kamailioLines.lines().filter(l -> l.contains("dispatcher: INVITE ") && l.endsWith(" to " + node.uri())).count();
    }

    static Path kamailioLog() {
        return kamailioDir.resolve("kamailio.log");
    }

    static String kamailioLogTail() {
        return "---- " + kamailioLog() + " (tail) ----\n" + TextFiles.tail(kamailioLog(), 40);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String since(Path file, long offset) {
        try {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
