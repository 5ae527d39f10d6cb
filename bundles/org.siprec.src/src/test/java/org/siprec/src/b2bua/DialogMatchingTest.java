package org.siprec.src.b2bua;

import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In-dialog requests are matched by Call-ID and both tags (RFC 3261 12.2.2): a BYE or re-INVITE that names a live
 * call's Call-ID with a To tag of no dialog gets 481, and the call goes on to its normal end.
 */
class DialogMatchingTest {
    private static final int SIP = 25160;
    private LoopbackPlatform platform;

    private final SippFixture sipp = new SippFixture();

    @BeforeEach
    void start() throws Exception {
        platform = new LoopbackPlatform(SIP, 27000, Map.of());
    }

    @AfterEach
    void stop() {
        sipp.close();
        platform.close();
    }

    @Test
    void aByeOrReInviteWithAWrongToTagGets481AndTheCallSurvives() throws Exception {
        Process callee = sipp.sipp("dialog-uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25170", "-m", "1");
        Process caller = sipp.sipp("dialog-uac", "-sn", "uac", "-i", "127.0.0.1", "-p", "25180", "-s", "callee", "-m", "1", "-d", "3000",
                "127.0.0.1:25170", "-rsa", "127.0.0.1:" + SIP);
        String callId = await().atMost(Duration.ofSeconds(5))
                .until(() -> platform.calls.activeCalls().stream().filter(c -> c.state().equals("CONFIRMED"))
                        .map(c -> c.callId()).findFirst().orElse(null), id -> id != null);

        for (String method : List.of("BYE", "INVITE")) {
            String response = RawSip.send(SIP, method + " sip:siprec@127.0.0.1:" + SIP + " SIP/2.0\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK" + System.nanoTime() + "\n"
                    + "From: <sip:attacker@127.0.0.1>;tag=guess\n"
                    + "To: <sip:service@127.0.0.1>;tag=wrong\n"
                    + "Call-ID: " + callId + "\n"
                    + "CSeq: 99 " + method + "\n"
                    + "Contact: <sip:attacker@127.0.0.1:PORT>\n"
                    + "Max-Forwards: 70\n"
                    + "Content-Length: 0\n");
            assertTrue(response.startsWith("SIP/2.0 481"), method + " with a wrong To tag: " + response);
        }
        assertEquals("CONFIRMED", platform.calls.activeCalls().get(0).state(), "the call is untouched");

        assertEquals(0, waitFor(caller), "the caller's call ran its full length and ended normally");
        assertEquals(0, waitFor(callee), "the callee's call ended normally");
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
        assertEquals("1", platform.calls.status().get("calls.answered"));
    }
}
