package org.siprec.src.b2bua;

import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls through the B2BUA on real sockets with SIPp's built-in caller and callee (the {@code sip-tester} package).
 */
class B2buaSippTest {
    private static final int SIP = 25060;
    private static LoopbackPlatform platform;
    private static final SippFixture sipp = new SippFixture();

    @BeforeAll
    static void start() throws Exception {
        platform = new LoopbackPlatform(SIP, 26000, Map.of());
    }

    @AfterAll
    static void stop() {
        sipp.close();
        platform.close();
    }

    @Test
    void callsFlowThroughAndAreReleased() throws Exception {
        Process callee = sipp.sipp("b2bua-uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25070", "-m", "5");
        Process caller = sipp.sipp("b2bua-uac", "-sn", "uac", "-i", "127.0.0.1", "-p", "25080", "-s", "callee", "-m", "5", "-r", "5",
                "-d", "200", "127.0.0.1:25070", "-rsa", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(caller), "every call of the caller succeeded");
        assertEquals(0, waitFor(callee), "every call of the callee succeeded");
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
        assertEquals("5", platform.calls.status().get("calls.answered"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.relay.openSessions() == 0);
    }
}
