package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * The recording policies against a provisioned subscriber directory, in the distribution: the directory and the four
 * policy features installed ({@code feature:install} through {@code bin/client}), two companies and their users provisioned with the
 * directory's shell commands (through {@code bin/client}), then SIPp calls between telephone numbers. Whether a call
 * is recorded is observed at a SIPp SRS: the RS INVITE arrives, or no message at all does. Record-all stays
 * installed (RECORD for every call, lowest ranking), so the other policies act as the vetoes docs/policies.md
 * describes:
 * <ul>
 * <li>acme (Europe/Paris, +33): open all week; company whitelist +33145550002; internal calls not recorded;
 *     alice (+33140001001, profile both, personal whitelist +33145550001), olga (+33140001003, originating),
 *     bob (+33140001002, both);</li>
 * <li>bank (America/New_York, +1): open all week but yesterday, today and tomorrow are holidays; trader
 *     (+12125550100, both).</li>
 * </ul>
 */
public class PolicyDirectoryTest extends RecordingSupport {
    private static final String OUTSIDER = "+4930123456";

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(PolicyDirectoryTest.class, k -> {
        k.config("org.siprec.policy.recordall", "enabled", "true")
                .config("org.siprec.policy.recordall", "mandatory", "false")
                .config("org.siprec.srs.sip", "srs.uris", NO_SRS);
        if (Files.exists(k.home().resolve("etc/org.siprec.sip.endpoint-srs.cfg"))) {
            k.config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(EMBEDDED_SRS_PORT))
                    .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(EMBEDDED_SRS_PORT));
        }
    });

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @BeforeClass
    public static void provision() {
        KarafProcess k = KARAF.karaf();
        String install = client(k, "feature:install siprec-directory siprec-policy-profile siprec-policy-whitelist "
                + "siprec-policy-officehours siprec-policy-internal");
        assertFalse("feature:install: " + install, install.toLowerCase().contains("error"));
        await("directory and policies installed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    String out = client(k, "siprec:policies");
                    return out.contains("org.siprec.policy.profile") && out.contains("org.siprec.policy.whitelist")
                            && out.contains("org.siprec.policy.officehours") && out.contains("org.siprec.policy.internal");
                });
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
        List<String> commands = List.of(
                "siprec:company-add --name ACME --zone Europe/Paris --country 33 --record-internal false acme",
                "siprec:hours-set acme 'mon-sun 00:00-24:00'",
                "siprec:whitelist-add --company acme +33145550002",
                "siprec:user-add --company acme --profile both alice +33140001001",
                "siprec:whitelist-add --user alice +33145550001",
                "siprec:user-add --company acme --profile originating olga +33140001003",
                "siprec:user-add --company acme --profile both bob +33140001002",
                "siprec:company-add --name Bank --zone America/New_York --country 1 --hours-mode inside bank",
                "siprec:hours-set bank 'mon-sun 00:00-24:00'",
                "siprec:holiday-add bank " + today.minusDays(1) + " " + today + " " + today.plusDays(1),
                "siprec:user-add --company bank --profile both trader +12125550100",
                "siprec:user-list");
        // one bin/client session for all of them: a session each cost about 2 s (JVM start and SSH login)
        List<String> outputs = clientScript(k, commands);
        for (int i = 0; i < commands.size(); i++) {
            String command = commands.get(i), out = outputs.get(i);
            assertFalse(command + " failed:\n" + out, out.toLowerCase().contains("error")
                    || out.contains("Command not found") || out.startsWith(NOT_RUN));
        }
        System.out.println("[blackbox] directory:\n" + outputs.get(commands.size() - 1));
    }

    private static final String MARKER = "siprec-test-command-";
    private static final String NOT_RUN = "(not run: the script stopped before it)";

    /**
     * Runs console commands in one {@code bin/client} session, one a line, and returns what each printed, in order:
     * the script echoes a marker line before each command, by which the output is split. A command the shell did not
     * reach (a failed command stops the script) gets {@value #NOT_RUN} and the script's whole output.
     */
    static List<String> clientScript(KarafProcess k, List<String> commands) {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            script.append("echo ").append(MARKER).append(i).append('\n').append(commands.get(i)).append('\n');
        }
        script.append("echo ").append(MARKER).append(commands.size());
        String out = client(k, script.toString()).replace("\r\n", "\n") + "\n";
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            int start = out.indexOf(MARKER + i + "\n");
            int end = out.indexOf(MARKER + (i + 1) + "\n");
            if (start < 0 || end < 0) {
                outputs.add(NOT_RUN + "\n" + out);
            } else {
                outputs.add(out.substring(start + (MARKER + i + "\n").length(), end));
            }
        }
        return outputs;
    }

    /** Runs one console command through {@code bin/client} and returns what it printed. */
    static String client(KarafProcess k, String command) {
        List<String> cmd = new ArrayList<>(List.of(k.home().resolve("bin/client").toString(), "-a",
                Integer.getInteger("siprec.blackbox.ssh.port", 8102).toString(), "-u", "karaf", "-p", "karaf",
                "-r", "3", "-d", "1", command));
        try {
            Path out = Files.createTempFile("client", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("JAVA_HOME", KarafProcess.java17Home());
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "client timed out";
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * One call per test: each test has its own SRS port, which {@code useSrs} waits to see applied. Places a call from {@code from} to {@code to}, the platform serving {@code served} in {@code sescase}, with a
     * SIPp SRS listening, and says whether the SRS got a recording session (it must then also succeed).
     */
    private boolean recorded(String from, String to, String sescase, String decisionText) {
        int port = srsSip();
        long log = useSrs(srsUri(port));
        int media = srsMedia();
        Sipp.Run srs = started(srs("srs", "srs_answer.xml", port, media).key("port1", Integer.toString(media))
                .key("dir1", "recvonly").key("port2", Integer.toString(media + 2)).key("dir2", "recvonly").startListening());
        Sipp.Run b = started(callee("uas_basic.xml").withPcap().startListening());
        Sipp.Run a = started(caller("uac_party.xml").key("from", from).key("served", sescase.equals("orig") ? from : to)
                .key("sescase", sescase).service(to).withPcap().pause(1500).start());
        assertSucceeded(a);
        assertSucceeded(b);
        awaitLog(log, "recording decision");
        String decision = logSince(log).lines().filter(l -> l.contains("recording decision")).findFirst().orElse("");
        System.out.println("[blackbox] " + from + " -> " + to + " (" + sescase + "): " + decision);
        assertTrue("the decision names why (" + decisionText + "): " + decision, decision.contains(decisionText));
        boolean inviteArrived = srs.messages().contains("INVITE sip:");
        if (inviteArrived) {
            assertSucceeded(srs);
            awaitLog(log, "recorded by " + srsUri(port));
        } else {
            // the call is over and its decision logged: an RS INVITE would have been sent at the answer, long ago
            sleep(1000);
            assertFalse("no recording session reached the SRS\n" + srs.describe(), srs.messages().contains("INVITE sip:"));
            srs.close();
        }
        return inviteArrived;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    public void aSubscriberWithProfileBothCallingOutIsRecorded() {
        assertTrue(recorded("+33140001001", OUTSIDER, "orig",
                "RECORD (org.siprec.policy.profile: user alice of acme (the caller) has recording profile both"));
    }

    @Test
    public void aNumberOnTheUsersPersonalWhitelistIsNotRecorded() {
        assertFalse(recorded("+33140001001", "+33145550001", "orig", "is on user alice's personal whitelist"));
    }

    @Test
    public void aNumberOnTheCompanyWhitelistIsNotRecordedForAnyUser() {
        assertFalse(recorded("+33145550002", "+33140001002", "term", "is on the whitelist of acme"));
    }

    @Test
    public void anOriginatingProfileRecordsCallsPlaced() {
        assertTrue(recorded("+33140001003", OUTSIDER, "orig", "recording profile originating: calls they place are recorded"));
    }

    @Test
    public void anOriginatingProfileDoesNotRecordCallsReceived() {
        assertFalse(recorded(OUTSIDER, "+33140001003", "term", "calls they receive are not recorded"));
    }

    @Test
    public void anInternalCallOfACompanyThatDoesNotRecordThemIsNotRecorded() {
        assertFalse(recorded("+33140001001", "+33140001002", "orig", "internal call of acme between user alice"));
    }

    @Test
    public void aCallOnTheCompanysHolidayIsNotRecorded() {
        assertFalse(recorded("+12125550100", OUTSIDER, "orig", "is a holiday); bank records only inside office hours"));
    }

    @Test
    public void aCallOfNoSubscriberIsLeftToRecordAll() {
        assertTrue(recorded("+4989000111", OUTSIDER, "orig", "RECORD (org.siprec.policy.recordall"));
    }

    @Test
    public void explainGivesTheSameDecisionWithoutACall() {
        String out = client(karaf(), "siprec:explain +33140001001 +33145550001 --case orig");
        assertTrue(out, out.contains("Decision: NOT RECORDED") && out.contains("personal whitelist"));
        String policies = client(karaf(), "siprec:policies");
        assertTrue(policies, policies.contains("Evaluations") && policies.contains("org.siprec.policy.whitelist"));
        assertEquals(policies, 0, policies.lines().filter(l -> l.contains("Command not found")).count());
    }
}
