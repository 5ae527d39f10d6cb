package org.siprec.src.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls through the B2BUA on real sockets with SIPp's built-in caller and callee (the {@code sip-tester} package).
 */
class B2buaSippTest {
    private static final int SIP = 25060;
    private static LoopbackPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = new LoopbackPlatform(SIP, 26000, Map.of());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void callsFlowThroughAndAreReleased() throws Exception {
        Process callee = sipp("-sf", new java.io.File("src/test/resources/sipp/uas.xml").getAbsolutePath(), "-i", "127.0.0.1", "-p", "25070", "-m", "5");
        Process caller = sipp("-sn", "uac", "-i", "127.0.0.1", "-p", "25080", "-s", "callee", "-m", "5", "-r", "5",
                "-d", "200", "127.0.0.1:25070", "-rsa", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(caller), "every call of the caller succeeded");
        assertEquals(0, waitFor(callee), "every call of the callee succeeded");
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
        assertEquals("5", platform.calls.status().get("calls.answered"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.relay.openSessions() == 0);
    }

    private static Process sipp(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("sipp");
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-nostdin", "-timeout", "20s", "-trace_err", "-error_file",
                new File("target/sipp-" + new File(args[1]).getName() + "-" + System.nanoTime() + ".err").getAbsolutePath()));
        List<String> fixed = new ArrayList<>();
        for (String a : cmd) {
            if (a.endsWith("?")) {
                fixed.add(a.substring(0, a.length() - 1));
            } else {
                fixed.add(a);
            }
        }
        return new ProcessBuilder(fixed).redirectErrorStream(true)
                .redirectOutput(new File("target/sipp-" + new File(args[1]).getName() + ".out")).start();
    }

    private static int waitFor(Process p) throws Exception {
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
