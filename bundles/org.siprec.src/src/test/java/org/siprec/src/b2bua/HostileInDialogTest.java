package org.siprec.src.b2bua;

import static org.siprec.src.b2bua.SippFixture.errors;
import static org.siprec.src.b2bua.SippFixture.scenario;
import static org.siprec.src.b2bua.SippFixture.waitFor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsTarget;
import org.siprec.api.store.RecordingRecord;

/**
 * Hostile input changes nothing: an address that is neither a trusted peer nor the dialog's peer (here 127.0.0.2;
 * trusted.peers is 127.0.0.1) and knows a live dialog's Call-ID and both tags gets 403 for its in-dialog requests,
 * answered before the SIP stack's dialog layer sees them, so the dialog's CSeq, remote target and state stay as the
 * real parties left them: their own in-dialog requests go on working.
 */
class HostileInDialogTest {
    private static final int SIP = 25560;
    private static final String CALLEE = "127.0.0.1:25570";
    private static final InetAddress ATTACKER = address("127.0.0.2");
    private LoopbackPlatform platform;
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final List<RecordingRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> srsUris = new ArrayList<>();

    private final SippFixture sipp = new SippFixture();

    @BeforeEach
    void start() throws Exception {
        platform = new LoopbackPlatform(SIP, 28000, Map.of());
    }

    @AfterEach
    void stop() {
        sipp.close();
        platform.close();
    }

    @Test
    void inDialogRequestsFromAnUntrustedAddressGet403AndTheRealPartiesGoOn() throws Exception {
        Path dialog = dialogFile("a-leg");
        Process callee = sipp.sipp("hostile-uas-reinvite", "-sf", scenario("uas_reinvite_bye.xml"), "-i", "127.0.0.1", "-p", "25570", "-mp", "25576", "-m", "1");
        Process caller = sipp.sipp("hostile-uac-reinvite", "-sf", scenario("uac_reinvite_bye.xml"), "-key", "dialog_file", dialog.toString(),
                "-s", "callee", "-i", "127.0.0.1", "-p", "25580", "-mp", "25586", "-m", "1", CALLEE, "-rsa", "127.0.0.1:" + SIP);
        String[] ids = readDialog(dialog); // Call-ID, the caller's tag, the platform's tag on the A-leg

        // the attacker sends what the caller could send, with a higher CSeq and its own Contact
        for (String method : List.of("BYE", "INVITE", "UPDATE", "INFO")) {
            String response = attack(method, ids[0], ids[1], ids[2], 1000);
            assertTrue(response.startsWith("SIP/2.0 403"), method + " from an untrusted address: " + response);
            assertTrue(response.contains(";tag="), "the stateless 403 carries a To tag: " + response);
        }
        assertEquals("4", platform.calls.status().get("requests.untrusted"));
        assertEquals("CONFIRMED", platform.calls.activeCalls().get(0).state(), "the call is untouched");

        // the caller's re-INVITE (CSeq 2) is answered and relayed, its BYE (CSeq 3) ends both legs; the callee saw
        // exactly the caller's re-INVITE and BYE (its scenario fails on any other request)
        assertEquals(0, waitFor(caller), "the caller's re-INVITE and BYE were answered 200: " + errors("hostile-uac-reinvite"));
        assertEquals(0, waitFor(callee), "the callee got the re-INVITE and the BYE, nothing else: " + errors("hostile-uas-reinvite"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
        assertEquals("1", platform.calls.status().get("calls.answered"));
    }

    @Test
    void aByeIntoARecordingSessionFromAnAddressOtherThanTheSrsGets403AndTheRecordingCompletes() throws Exception {
        recordEverything();
        srsUris.add("sip:srs@127.0.0.1:25590");
        Path dialog = dialogFile("rs");
        Process srs = sipp.sipp("hostile-srs-dialog", "-sf", scenario("srs_record_dialog.xml"), "-key", "dialog_file", dialog.toString(),
                "-i", "127.0.0.1", "-p", "25590", "-mp", "25592", "-m", "1");
        Process callee = sipp.sipp("hostile-uas", "-sf", scenario("uas.xml"), "-i", "127.0.0.1", "-p", "25570", "-mp", "25576", "-m", "1");
        Process caller = sipp.sipp("hostile-uac", "-sn", "uac", "-i", "127.0.0.1", "-p", "25580", "-mp", "25586", "-s", "callee", "-m", "1",
                "-d", "4000", CALLEE, "-rsa", "127.0.0.1:" + SIP);
        String[] ids = readDialog(dialog); // RS Call-ID, the SRS's tag, the SRC's tag

        for (String method : List.of("BYE", "INVITE")) {
            String response = attack(method, ids[0], ids[1], ids[2], 1000);
            assertTrue(response.startsWith("SIP/2.0 403"), method + " into the RS dialog from 127.0.0.2: " + response);
        }
        assertEquals("2", platform.calls.status().get("requests.untrusted"));

        assertEquals(0, waitFor(caller), errors("hostile-uac"));
        assertEquals(0, waitFor(callee), errors("hostile-uas"));
        assertEquals(0, waitFor(srs), "the SRS got the SRC's BYE at the call's end: " + errors("hostile-srs-dialog"));
        await().atMost(Duration.ofSeconds(5)).until(() -> records.size() == 1);
        assertEquals("completed", records.get(0).outcome());
        assertEquals(List.of("decision", "recording.started", "recording.stopped"),
                audit.stream().map(a -> a.substring(0, a.indexOf(':'))).toList());
    }

    @Test
    void theCalleesOwnByeIsAdmittedFromAnUntrustedAddress() throws Exception {
        // the callee (127.0.0.3) is not a trusted peer, but it is the B-leg's peer: the INVITE went there
        Process callee = sipp.sipp("hostile-uas-hangup", "-sf", new File("../../itests/src/test/resources/sipp/uas_hangup.xml").getAbsolutePath(),
                "-key", "pcap", "/usr/share/sip-tester/g711a.pcap", "-d", "1000", "-i", "127.0.0.3", "-p", "25570",
                "-mi", "127.0.0.3", "-mp", "25576", "-m", "1");
        Process caller = sipp.sipp("hostile-uac-wait-bye", "-sf", scenario("uac_wait_bye.xml"), "-key", "dest", "127.0.0.3:25570",
                "-s", "callee", "-i", "127.0.0.1", "-p", "25580", "-mp", "25586", "-m", "1", "127.0.0.1:" + SIP);
        assertEquals(0, waitFor(callee), "the callee's BYE was answered 200: " + errors("hostile-uas-hangup"));
        assertEquals(0, waitFor(caller), "the caller got the callee's BYE: " + errors("hostile-uac-wait-bye"));
        assertEquals("0", platform.calls.status().get("requests.untrusted"));
        await().atMost(Duration.ofSeconds(5)).until(() -> platform.calls.activeCalls().isEmpty());
    }

    private void recordEverything() {
        RecordingPolicy recordAll = session -> Decision.record("test");
        platform.policies.bindPolicy(recordAll, Map.of("service.ranking", 0, "service.id", 1L, "component.name", "test-policy"));
        platform.srs.bindSrsAdapter(new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return srsUris.stream().map(SrsTarget::new).toList();
            }

            @Override
            public boolean healthy() {
                return true;
            }
        }, Map.of("service.id", 2L));
        platform.reporter.bindAuditSink((time, callId, event, detail) -> audit.add(event + ": " + detail));
        platform.reporter.bindRecordingStore(records::add);
    }

    /** An in-dialog request from 127.0.0.2 in the dialog (callId, the peer's tag, the platform's tag). */
    private static String attack(String method, String callId, String peerTag, String platformTag, int cseq) throws Exception {
        return RawSip.send(ATTACKER, SIP, method + " sip:siprec@127.0.0.1:" + SIP + " SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:PORT;branch=z9hG4bK" + System.nanoTime() + "\n"
                + "From: <sip:peer@127.0.0.1>;tag=" + peerTag + "\n"
                + "To: <sip:siprec@127.0.0.1>;tag=" + platformTag + "\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + "Contact: <sip:attacker@127.0.0.2:PORT>\n"
                + "Max-Forwards: 70\n"
                + "Content-Length: 0\n");
    }

    private static Path dialogFile(String name) throws Exception {
        Path file = new File("target/hostile-" + name + ".dialog").getAbsoluteFile().toPath();
        Files.deleteIfExists(file);
        return file;
    }

    private static String[] readDialog(Path file) {
        String text = await().atMost(Duration.ofSeconds(10)).until(
                () -> Files.exists(file) ? Files.readString(file).trim() : "", t -> t.split("\\s+").length == 3);
        return text.split("\\s+");
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
