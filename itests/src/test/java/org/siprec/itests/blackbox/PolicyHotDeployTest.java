package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Hot deployment of a policy bundle (issue 7) in the running distribution, under a steady stream of calls: the
 * example policy {@code org.siprec.policy.example} (docs/plugin-guide.md) is installed, its {@code .cfg} edited, the
 * bundle updated to another version and removed, while SIPp places {@value #CPS} calls per second of
 * {@value #CALL_MS} ms each (so that about {@value #CPS} x 3 calls are in progress at every change).
 * <p>
 * Every call goes to its own telephone number ({@code uac_numbers.xml}: a prefix from {@code numbers.csv} followed by
 * SIPp's call number), in three families taken in turn: +49 (+4930555...), +44 (+4420555...) and +33
 * (+3314055..., never matched: the control). The example policy skips calls to its configured prefixes. What is
 * decided is observed at a SIPp SRS ({@code srs_load.xml}, UDP): a call is recorded if and only if its RS INVITE
 * arrives there, and the RS metadata's decision extension ({@code urn:x-siprec-platform:xml:ns:decision:1}) tells
 * which policies, which version of the example bundle (its reasons start with {@code example <Bundle-Version>:})
 * and which prefixes decided it. The phases:
 * <ol>
 * <li>P0: record-all only: every call recorded;</li>
 * <li>(a) {@code bundle:install -s file:.../example-v1.jar} through {@code bin/client}; P1: prefixes +49 (set in
 *     {@code etc/org.siprec.policy.example.cfg} before the calls start): +49 calls not recorded;</li>
 * <li>(b) {@code etc/org.siprec.policy.example.cfg} rewritten ({@code prefixes = +44}; Felix FileInstall polls
 *     {@code etc/} every second); P2: +49 calls recorded again, +44 not;</li>
 * <li>(c) {@code bundle:update <id> file:.../example-v2.jar}; P3: as P2, the reasons name the second version. The
 *     second version is made by this test: the same jar with its manifest's {@code Bundle-Version} micro part
 *     raised by one (e.g. 0.1.0.202612021557 becomes 0.1.1.202612021557); the classes are the same, so what
 *     changes is the bundle the framework installs and the version the reasons name;</li>
 * <li>(d) {@code bundle:uninstall <id>}; P4: every call recorded again, record-all only.</li>
 * </ol>
 * Asserted: zero failed calls (caller and callee SIPp: every call set up and its BYE answered, exit code 0); every
 * recording session the SRS got was ended by a BYE; every recorded call carries exactly one decision extension
 * whose verdicts form one consistent snapshot (each policy once, record-all plus at most one example of one version
 * and one prefix list, the example's verdict right for the callee under the prefixes its reason names, the combined
 * verdict RECORD with no SKIP); karaf.log has one decision line per call, each naming the example at most once; and
 * every call is decided as the phase it started in says: calls that started before a change began as before it,
 * calls that started more than {@value #SETTLE_MS} ms after it completed (the bundle commands: {@code bin/client}
 * returned; the .cfg: the file was written, plus the 1 s FileInstall poll) as after it. A call within that window
 * may show either side (during {@code bundle:update} also the moment the old version is stopped and the new one not
 * yet started: record-all only), but always one consistent snapshot. The observed switch times (first call decided
 * the new way and last call decided the old way, relative to the change) are printed.
 * <p>
 * The second test does install, update and removal through Karaf's {@code deploy/} folder instead (Felix
 * FileInstall), with the same checks.
 */
public class PolicyHotDeployTest extends RecordingSupport {

    static final int CPS = 20;
    static final int CALL_MS = 3000;
    /** The bound a call must have started after (past the change's completion) to be decided the new way. */
    static final long SETTLE_MS = 1500;
    /** FileInstall polls etc/ every second (etc/config.properties felix.fileinstall.poll): added for the .cfg edit. */
    static final long FILEINSTALL_POLL_MS = 1000;
    /**
     * When each change is made, in seconds after the caller started; the calls run for RUN_S seconds. 8 s a phase:
     * after a change's bound (bin/client returned, or the .cfg written plus the 1 s poll, then SETTLE_MS) a few
     * seconds of calls (20 a second) are decided the new way before the next change begins.
     */
    static final int[] CHANGE_AT_S = {6, 14, 22, 30};
    static final int RUN_S = 38;
    /** The deploy/ test: changes at these seconds (7 s a phase: the bound is 3.5 s), calls for DEPLOY_RUN_S seconds. */
    static final int[] DEPLOY_CHANGE_AT_S = {5, 12, 19};
    static final int DEPLOY_RUN_S = 26;
    /** Two of FileInstall's 1 s polls: allowed for it to notice a file in deploy/ and act on it. */
    static final long DEPLOY_POLLS_MS = 2000;

    static final String PID = "org.siprec.policy.example";
    static final String RECORDALL = "org.siprec.policy.recordall";
    static final String GERMANY = "+4930555", BRITAIN = "+4420555", FRANCE = "+3314055";
    static final List<String> FAMILIES = List.of(GERMANY, BRITAIN, FRANCE);

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(PolicyHotDeployTest.class, k -> {
        k.config(RECORDALL, "enabled", "true").config(RECORDALL, "mandatory", "false")
                .config("org.siprec.srs.sip", "srs.uris", NO_SRS)
                // the example's configuration is there before the bundle: it applies from its first call
                .config(PID, "prefixes", "+49");
        if (Files.exists(k.home().resolve("etc/org.siprec.sip.endpoint-srs.cfg"))) {
            k.config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(EMBEDDED_SRS_PORT))
                    .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(EMBEDDED_SRS_PORT));
        }
    });

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    /** What the example policy is in a phase: absent (null version), or a version with its prefixes. */
    record State(String version, List<String> prefixes) {
        static final State NONE = new State(null, List.of());

        boolean skips(String number) {
            return prefixes.stream().anyMatch(number::startsWith);
        }

        @Override
        public String toString() {
            return version == null ? "record-all only" : "example " + version + " " + prefixes;
        }
    }

    /** One change: what it did, when it began and completed (epoch ms), and the states allowed around it. */
    record Change(String what, long began, long completed, long settled, State before, State after, boolean gap) {
    }

    /** One call as the caller placed it and the SRS saw it. */
    record CallSeen(long number, String callee, long started, RsMetadata.Decision decision) {
        boolean recorded() {
            return decision != null;
        }
    }

    /** The example jar as shipped (version 1) and a copy with its Bundle-Version raised (version 2), in the test's folder. */
    record Jars(Path v1, String version1, Path v2, String version2) {
    }

    Jars jars() throws IOException {
        String version = System.getProperty("siprec.version");
        Path shipped = karaf().home().resolve("system/org/siprec/" + PID + "/" + version + "/" + PID + "-" + version + ".jar");
        assertTrue("the distribution carries the example bundle (feature siprec-policy-example): " + shipped,
                Files.isRegularFile(shipped));
        Files.createDirectories(testDir());
        Path v1 = testDir().resolve(PID + "-v1.jar");
        Files.copy(shipped, v1);
        String version1 = bundleVersion(v1);
        String version2 = raiseMicro(version1);
        Path v2 = testDir().resolve(PID + "-v2.jar");
        withBundleVersion(v1, v2, version2);
        return new Jars(v1, version1, v2, version2);
    }

    /** The calls of one test: SIPp SRS, callee and caller, when the first call was placed, karaf.log's offset. */
    record Load(Sipp.Run srs, Sipp.Run callee, Sipp.Run caller, long t0, long log, int calls) {
    }

    /**
     * Sets the example's prefixes to +49 (whatever an earlier test left; no example bundle is installed, so nothing
     * shows when FileInstall applied it: 3 s are given, FileInstall polls every second), points the platform at
     * this test's SIPp SRS and starts {@value #CPS} calls per second for {@code seconds}.
     */
    Load startLoad(int seconds) throws Exception {
        karaf().configLive(PID, "prefixes", "+49");
        Thread.sleep(3000);
        int port = srsSip();
        int media = srsMedia();
        long log = useSrs(srsUri(port));
        Path csv = testDir().resolve("numbers.csv");
        Files.writeString(csv, "SEQUENTIAL\n" + String.join(";\n", FAMILIES) + ";\n");
        int calls = CPS * seconds;
        Duration timeout = Duration.ofSeconds(seconds + 90);
        Sipp.Run srs = started(srs("srs", "srs_load.xml", port, media).calls(100_000).timeout(timeout).startListening());
        Sipp.Run b = started(callee("uas_simple.xml").calls(calls).timeout(timeout).startListening());
        long t0 = System.currentTimeMillis();
        Sipp.Run a = started(caller("uac_numbers.xml").calls(calls).rate(CPS).pause(CALL_MS).timeout(timeout)
                .args("-l", Integer.toString(CPS * 10), "-inf", csv.toString()).start());
        return new Load(srs, b, a, t0, log, calls);
    }

    @Test
    public void installEditUpdateAndRemoveAPolicyUnderTwentyCallsPerSecond() throws Exception {
        KarafProcess k = karaf();
        Jars jars = jars();
        String version1 = jars.version1(), version2 = jars.version2();
        Path v1 = jars.v1(), v2 = jars.v2();

        State p0 = State.NONE;
        State p1 = new State(version1, List.of("+49"));
        State p2 = new State(version1, List.of("+44"));
        State p3 = new State(version2, List.of("+44"));
        State p4 = State.NONE;

        Load load = startLoad(RUN_S);
        long t0 = load.t0();
        Sipp.Run a = load.caller();

        List<Change> changes = new ArrayList<>();
        // (a) install
        sleepUntil(t0 + CHANGE_AT_S[0] * 1000L, a);
        long began = System.currentTimeMillis();
        String out = PolicyDirectoryTest.client(k, "bundle:install -s file:" + v1);
        long done = System.currentTimeMillis();
        Matcher id = Pattern.compile("Bundle ID: (\\d+)").matcher(out);
        assertTrue("bundle:install printed the bundle id: " + out, id.find());
        String bundleId = id.group(1);
        changes.add(new Change("(a) bundle:install", began, done, done + SETTLE_MS, p0, p1, false));
        // (b) the .cfg edited
        sleepUntil(t0 + CHANGE_AT_S[1] * 1000L, a);
        began = System.currentTimeMillis();
        k.configLive(PID, "prefixes", "+44");
        done = System.currentTimeMillis();
        changes.add(new Change("(b) etc/" + PID + ".cfg prefixes=+44", began, done, done + FILEINSTALL_POLL_MS + SETTLE_MS,
                p1, p2, false));
        // (c) update to the second version
        sleepUntil(t0 + CHANGE_AT_S[2] * 1000L, a);
        began = System.currentTimeMillis();
        out = PolicyDirectoryTest.client(k, "bundle:update " + bundleId + " file:" + v2);
        done = System.currentTimeMillis();
        assertTrue("bundle:update: " + out, out.isBlank() || !out.toLowerCase().contains("error"));
        changes.add(new Change("(c) bundle:update to " + version2, began, done, done + SETTLE_MS, p2, p3, true));
        // (d) remove
        sleepUntil(t0 + CHANGE_AT_S[3] * 1000L, a);
        began = System.currentTimeMillis();
        out = PolicyDirectoryTest.client(k, "bundle:uninstall " + bundleId);
        done = System.currentTimeMillis();
        assertTrue("bundle:uninstall: " + out, out.isBlank() || !out.toLowerCase().contains("error"));
        changes.add(new Change("(d) bundle:uninstall", began, done, done + SETTLE_MS, p3, p4, false));
        verify(load, changes);
    }

    /** Everything asserted after the calls, for these changes. */
    void verify(Load load, List<Change> changes) throws Exception {
        Sipp.Run a = load.caller(), b = load.callee(), srs = load.srs();
        long t0 = load.t0(), log = load.log();
        int calls = load.calls();
        for (Change c : changes) {
            System.out.printf("[blackbox] %s: began %+d ms after the first call, took %d ms%n", c.what(), c.began() - t0,
                    c.completed() - c.began());
        }

        // zero failed calls: every call set up and its BYE answered, on both sides
        int rcA = a.waitFor();
        int rcB = b.waitFor();
        Map<String, String> s = a.stats();
        System.out.printf("[blackbox] hot deploy under %d CPS x %d calls of %d ms: caller exit %d (ok %s, failed %s, "
                        + "retrans %s, INVITE->200 avg %s), callee exit %d (ok %s)%n", CPS, calls, CALL_MS, rcA,
                s.get("SuccessfulCall(C)"), s.get("FailedCall(C)"), s.get("Retransmissions(C)"), s.get("ResponseTime2(C)"),
                rcB, b.stats().get("SuccessfulCall(C)"));
        assertEquals("failed calls\n" + a.describe(), 0, a.stat("FailedCall(C)"));
        assertEquals("successful calls\n" + a.describe(), calls, a.stat("SuccessfulCall(C)"));
        assertEquals("caller exit code\n" + a.describe(), 0, rcA);
        assertEquals("callee exit code\n" + b.describe(), 0, rcB);
        assertEquals("callee successful calls (each BYE answered)\n" + b.describe(), calls, b.stat("SuccessfulCall(C)"));

        // every recording session the SRS got was ended by the platform's BYE (the last ones a little after the calls)
        long deadline = System.currentTimeMillis() + 10_000;
        SippTrace srsTrace;
        while (true) {
            srsTrace = SippTrace.read(testDir().resolve("srs.messages.log"));
            if (callIds(srsTrace, "INVITE").equals(callIds(srsTrace, "BYE")) || System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        srs.close();
        Set<String> rsInvites = callIds(srsTrace, "INVITE");
        assertEquals("every recording session the SRS got was ended by a BYE\n" + srs.describe(), rsInvites,
                callIds(srsTrace, "BYE"));

        // the calls: when each started (the caller's first INVITE), and what the SRS saw of it
        Map<Long, Placed> started = placedCalls(SippTrace.read(testDir().resolve("caller.messages.log")));
        assertEquals("the caller's trace has every call's INVITE", calls, started.size());
        Map<Long, RsMetadata.Decision> atSrs = decisionsAtSrs(srsTrace);
        List<CallSeen> seen = new ArrayList<>();
        for (Map.Entry<Long, Placed> e : started.entrySet()) {
            seen.add(new CallSeen(e.getKey(), e.getValue().callee(), e.getValue().time(), atSrs.get(e.getKey())));
        }
        assertTrue("the SRS saw only calls the caller placed: " + atSrs.keySet(), started.keySet().containsAll(atSrs.keySet()));

        // one consistent snapshot per call, and each call decided as its phase says
        List<String> wrong = new ArrayList<>();
        Map<String, int[]> perPhase = new TreeMap<>();
        for (CallSeen c : seen) {
            State observed = null;
            if (c.recorded()) {
                String problem = inconsistency(c);
                if (problem != null) {
                    wrong.add("call " + c.number() + " to " + c.callee() + ": " + problem);
                    continue;
                }
                observed = stateOf(c.decision());
            }
            List<State> allowed = allowed(c.started(), changes);
            boolean fits = false;
            for (State st : allowed) {
                boolean expectRecorded = !st.skips(c.callee());
                if (expectRecorded == c.recorded() && (!c.recorded() || sameSnapshot(st, observed))) {
                    fits = true;
                }
            }
            if (!fits) {
                wrong.add(String.format("call %d to %s started %+d ms after the first call: %s; allowed %s", c.number(),
                        c.callee(), c.started() - t0, c.recorded() ? "recorded with " + observed : "not recorded", allowed));
            }
            String phase = allowed.size() == 1 ? allowed.get(0).toString() : "changing";
            int[] n = perPhase.computeIfAbsent(phase, x -> new int[2]);
            n[c.recorded() ? 0 : 1]++;
        }
        perPhase.forEach((phase, n) -> System.out.printf("[blackbox]   %-50s recorded %4d, not recorded %4d%n", phase, n[0], n[1]));
        for (Change c : changes) {
            System.out.println("[blackbox] " + switchFigures(c, seen));
        }
        for (Change update : changes) {
            if (update.gap()) {
                System.out.printf("[blackbox] calls decided by record-all alone while %s ran: %d%n", update.what(),
                        seen.stream().filter(x -> x.started() >= update.began() && x.started() <= update.settled()
                                && x.recorded() && stateOf(x.decision()).equals(State.NONE)).count());
            }
        }
        assertTrue(wrong.size() + " calls not decided as their phase says, or by no consistent snapshot:\n"
                + String.join("\n", wrong.subList(0, Math.min(40, wrong.size()))), wrong.isEmpty());

        // karaf.log: one decision per call, each naming the example at most once
        List<String> lines = logSince(log).lines().filter(l -> l.contains("recording decision")).toList();
        assertEquals("decision lines in karaf.log", calls, lines.size());
        for (String l : lines) {
            int names = l.split(Pattern.quote(PID + "="), -1).length - 1;
            assertTrue("one verdict of the example at most: " + l, names <= 1);
        }
        // and the switches did happen: each phase's own outcome was seen
        for (Change c : changes) {
            assertTrue("calls decided after " + c.what() + " as " + c.after(),
                    seen.stream().anyMatch(x -> x.started() > c.settled() && fits(x, c.after())));
        }
    }

    /**
     * The same life cycle through Karaf's {@code deploy/} folder (Felix FileInstall, polling every second): the example
     * jar dropped in (install), replaced by the second version under the same file name (update), deleted (remove),
     * while {@value #CPS} calls per second run. Each file appears by an atomic move, so FileInstall never reads a
     * half-written jar. FileInstall polls every second; allowing two polls, a change may take up to
     * {@value #DEPLOY_POLLS_MS} ms after the move; the bound is that plus {@value #SETTLE_MS} ms.
     */
    @Test
    public void dropReplaceAndDeleteThePolicyInDeployUnderTwentyCallsPerSecond() throws Exception {
        Jars jars = jars();
        State p0 = State.NONE;
        State p1 = new State(jars.version1(), List.of("+49"));
        State p2 = new State(jars.version2(), List.of("+49"));
        Path deployed = karaf().home().resolve("deploy").resolve(PID + ".jar");
        Load load = startLoad(DEPLOY_RUN_S);
        List<Change> changes = new ArrayList<>();
        sleepUntil(load.t0() + DEPLOY_CHANGE_AT_S[0] * 1000L, load.caller());
        long began = System.currentTimeMillis();
        dropInto(jars.v1(), deployed);
        long done = System.currentTimeMillis();
        changes.add(new Change("(a) dropped into deploy/", began, done, done + DEPLOY_POLLS_MS + SETTLE_MS, p0, p1, false));
        sleepUntil(load.t0() + DEPLOY_CHANGE_AT_S[1] * 1000L, load.caller());
        began = System.currentTimeMillis();
        dropInto(jars.v2(), deployed);
        done = System.currentTimeMillis();
        changes.add(new Change("(c) " + jars.version2() + " dropped over it in deploy/", began, done,
                done + DEPLOY_POLLS_MS + SETTLE_MS, p1, p2, true));
        sleepUntil(load.t0() + DEPLOY_CHANGE_AT_S[2] * 1000L, load.caller());
        began = System.currentTimeMillis();
        Files.delete(deployed);
        done = System.currentTimeMillis();
        changes.add(new Change("(d) deleted from deploy/", began, done, done + DEPLOY_POLLS_MS + SETTLE_MS, p2, p0, false));
        verify(load, changes);
    }

    /** Copies the jar beside the target and moves it over it in one step. */
    static void dropInto(Path jar, Path target) throws IOException {
        Path tmp = target.getParent().getParent().resolve(target.getFileName() + ".tmp");
        Files.copy(jar, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The allowed states of a call that started at this time. */
    static List<State> allowed(long started, List<Change> changes) {
        List<State> states = new ArrayList<>();
        State current = changes.get(0).before();
        for (Change c : changes) {
            if (started < c.began()) {
                break;
            }
            if (started <= c.settled()) {
                states.add(c.before());
                if (c.gap()) {
                    states.add(State.NONE);
                }
            }
            current = c.after();
        }
        states.add(current);
        return states.stream().distinct().toList();
    }

    static boolean fits(CallSeen c, State st) {
        return st.skips(c.callee()) != c.recorded() && (!c.recorded() || sameSnapshot(st, stateOf(c.decision())));
    }

    static boolean sameSnapshot(State expected, State observed) {
        return expected.equals(observed);
    }

    private static final Pattern EXAMPLE_REASON = Pattern.compile(
            "example (\\S+): callee (\\S+) (matches no prefix of|matches prefix) \\[?([^\\]]*)\\]?");

    /** The example's state as a recorded call's decision shows it. */
    static State stateOf(RsMetadata.Decision d) {
        for (RsMetadata.PolicyVerdict p : d.policies()) {
            if (PID.equals(p.name())) {
                Matcher m = EXAMPLE_REASON.matcher(p.reason());
                if (m.matches()) {
                    return new State(m.group(1), List.of(m.group(4).split(",\\s*")));
                }
                return new State("?", List.of(p.reason()));
            }
        }
        return State.NONE;
    }

    /** Why a recorded call's decision is not one consistent snapshot, or null if it is. */
    static String inconsistency(CallSeen c) {
        RsMetadata.Decision d = c.decision();
        Set<String> names = new HashSet<>();
        for (RsMetadata.PolicyVerdict p : d.policies()) {
            if (!names.add(p.name())) {
                return "policy " + p.name() + " twice: " + d;
            }
            if (!Set.of(PID, RECORDALL).contains(p.name())) {
                return "unexpected policy " + p.name() + ": " + d;
            }
            if (p.failure() != null) {
                return "policy " + p.name() + " failed (" + p.failure() + "): " + d;
            }
            if ("SKIP".equals(p.verdict())) {
                return "recorded although " + p.name() + " said SKIP: " + d;
            }
        }
        if (!"RECORD".equals(d.verdict()) || !names.contains(RECORDALL)) {
            return "a recorded call must be decided RECORD by record-all: " + d;
        }
        for (RsMetadata.PolicyVerdict p : d.policies()) {
            if (PID.equals(p.name())) {
                Matcher m = EXAMPLE_REASON.matcher(p.reason());
                if (!m.matches() || !m.group(2).equals(c.callee()) || !"ABSTAIN".equals(p.verdict())
                        || !m.group(3).equals("matches no prefix of")) {
                    return "the example's verdict does not fit this call: " + p;
                }
                if (stateOf(d).skips(c.callee())) {
                    return "the example's prefixes " + m.group(4) + " match the callee, yet it abstained: " + p;
                }
            }
        }
        return null;
    }

    /** The observed switch: first call after the change decided the new way, last one decided the old way. */
    static String switchFigures(Change c, List<CallSeen> seen) {
        Long firstNew = null, lastOld = null;
        for (CallSeen x : seen) {
            if (x.started() < c.began() - 2000) {
                continue;
            }
            boolean isNew = fits(x, c.after()) && !fits(x, c.before());
            boolean isOld = fits(x, c.before()) && !fits(x, c.after());
            if (isNew && (firstNew == null || x.started() < firstNew)) {
                firstNew = x.started();
            }
            if (isOld && x.started() < c.settled() + 5000 && (lastOld == null || x.started() > lastOld)) {
                lastOld = x.started();
            }
        }
        return String.format("%s (took %d ms): first call decided the new way started %s, last call decided the old "
                        + "way started %s after the change began", c.what(), c.completed() - c.began(),
                firstNew == null ? "-" : (firstNew - c.began()) + " ms", lastOld == null ? "-" : (lastOld - c.began()) + " ms");
    }

    /** A call as the caller placed it: the called number and when its first INVITE left (epoch ms). */
    record Placed(String callee, long time) {
    }

    /** Call number (SIPp's [call_number], the called number's suffix) → the call as placed. */
    static Map<Long, Placed> placedCalls(SippTrace caller) {
        Map<Long, Placed> m = new TreeMap<>();
        for (SippTrace.Message msg : caller.messages()) {
            if (!msg.received() && msg.isRequest("INVITE")) {
                Matcher number = NUMBER.matcher(msg.startLine());
                Long n = callNumber(msg.startLine());
                if (n != null && number.find()) {
                    m.putIfAbsent(n, new Placed(number.group(1), epochMillis(msg.time())));
                }
            }
        }
        return m;
    }

    /** Call number → the decision extension of its (first) RS INVITE at the SRS. */
    static Map<Long, RsMetadata.Decision> decisionsAtSrs(SippTrace srs) {
        Map<Long, RsMetadata.Decision> m = new TreeMap<>();
        Set<String> callIds = new HashSet<>();
        for (SippTrace.Message msg : srs.received("INVITE")) {
            if (!callIds.add(msg.header("Call-ID"))) {
                continue;
            }
            RsMetadata md = msg.metadata();
            if (md == null) {
                fail("RS INVITE without metadata: " + msg);
            }
            Long n = null;
            for (String aor : md.participantAors().values()) {
                Long x = aor == null ? null : callNumber(aor);
                if (x != null) {
                    n = x;
                }
            }
            if (n == null) {
                fail("RS INVITE naming no called number of this test: " + md);
            }
            List<RsMetadata.Decision> decisions = md.decisions();
            if (decisions.size() != 1) {
                fail("RS INVITE with " + decisions.size() + " decision extensions (exactly one expected): " + md);
            }
            if (m.put(n, decisions.get(0)) != null) {
                fail("two recording sessions for call " + n + ": " + md);
            }
        }
        return m;
    }

    private static final Pattern NUMBER = Pattern.compile("sip:(\\+\\d+)@");

    /** The call number in a called number of this test (+4930555<n>, +4420555<n>, +3314055<n>), or null. */
    static Long callNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        if (!m.find()) {
            return null;
        }
        for (String f : FAMILIES) {
            if (m.group(1).startsWith(f) && m.group(1).length() > f.length()) {
                return Long.valueOf(m.group(1).substring(f.length()));
            }
        }
        return null;
    }

    static Set<String> callIds(SippTrace trace, String method) {
        Set<String> ids = new HashSet<>();
        for (SippTrace.Message msg : trace.received(method)) {
            ids.add(msg.header("Call-ID"));
        }
        return ids;
    }

    /** SIPp writes its trace times in local time, "2026-12-02 15:57:29.123456". */
    static long epochMillis(String sippTime) {
        return LocalDateTime.parse(sippTime.replace(' ', 'T')).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    private static void sleepUntil(long when, Sipp.Run caller) throws InterruptedException {
        long wait = when - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        assertTrue("the caller still places calls when the change is made\n" + caller.describe(), caller.isAlive());
    }

    static String bundleVersion(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    /** major.minor.micro[.qualifier] with the micro part raised by one. */
    static String raiseMicro(String version) {
        String[] p = version.split("\\.", 4);
        int micro = p.length > 2 ? Integer.parseInt(p[2]) : 0;
        return p[0] + "." + (p.length > 1 ? p[1] : "0") + "." + (micro + 1) + (p.length > 3 ? "." + p[3] : "");
    }

    /** A copy of the jar whose manifest says this Bundle-Version; everything else as it was. */
    static void withBundleVersion(Path from, Path to, String version) throws IOException {
        try (JarFile in = new JarFile(from.toFile())) {
            Manifest mf = new Manifest(in.getManifest());
            mf.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream os = Files.newOutputStream(to); JarOutputStream out = new JarOutputStream(os, mf)) {
                for (JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream is = in.getInputStream(e)) {
                        is.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
