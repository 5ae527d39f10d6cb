package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TestName;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Common ground of the black-box tests: distinct SIP and media ports per test, a trace directory per test
 * ({@code target/blackbox/<class>/<test>/}), SIPp callers and callees wired to the B2BUA on 127.0.0.1:{@link KarafProcess#SIP_PORT},
 * and on failure the end of karaf.log plus every SIPp trace of the test on stderr.
 */
public abstract class BlackBoxSupport {

    /** The B2BUA as seen by SIPp callers. */
    protected static final String B2BUA = KarafProcess.SIP_HOST + ":" + KarafProcess.SIP_PORT;

    private static final AtomicInteger NEXT = new AtomicInteger();

    @Rule
    public final TestName testName = new TestName();

    private final List<Sipp.Run> runs = new ArrayList<>();

    @Rule
    public final TestWatcher diagnostics = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description d) {
            StringBuilder sb = new StringBuilder("==== diagnostics for ").append(d.getDisplayName()).append('\n');
            for (Sipp.Run r : runs) {
                sb.append(r.describe());
            }
            KarafProcess k = karaf();
            if (k != null) {
                sb.append(k.diagnostics());
            }
            System.err.println(sb);
        }
    };

    /** The Karaf of the test class (from its {@code @ClassRule KarafResource}). */
    protected abstract KarafProcess karaf();

    /** Ports of one test: SIPp SIP ports 5100+, media ports 16000+ (outside the relay's 20000-29999). */
    protected static final class Ports {
        public final int calleeSip;
        public final int callerSip;
        public final int calleeMedia;
        public final int callerMedia;

        Ports(int n) {
            calleeSip = 5100 + 2 * n;
            callerSip = 5101 + 2 * n;
            calleeMedia = 16000 + 10 * n;
            callerMedia = 16004 + 10 * n;
        }
    }

    /**
     * Test numbers wrap before the callers' ports (5101 + 2n) would reach the black-box Karaf's own SIP ports (5260
     * and up): by the 81st test of a JVM, 5100 + 2n was the embedded SRS's 5262 (seen as a SIPp "Address already in
     * use" in AnnouncementTest once this session's tests were added). A test's SIPp processes are gone before the
     * next test starts, so a number 75 tests old is free again.
     */
    static final int TEST_NUMBERS = 75;

    protected final Ports ports = new Ports(NEXT.getAndIncrement() % TEST_NUMBERS);

    /** Ports of a test number of its own, for a test that runs a second call at the same time as the first. */
    protected static Ports morePorts() {
        return new Ports(NEXT.getAndIncrement() % TEST_NUMBERS);
    }

    protected Path testDir() {
        return KarafProcess.buildDir().resolve("blackbox").resolve(getClass().getSimpleName()).resolve(testName.getMethodName());
    }

    /** A SIPp callee on this test's callee ports. */
    protected Sipp callee(String scenario) {
        return callee("callee", scenario);
    }

    /** A SIPp callee on this test's callee ports whose trace files are named {@code role} (one per call of a test). */
    protected Sipp callee(String role, String scenario) {
        return Sipp.of(role, scenario, testDir()).localPort(ports.calleeSip).mediaPort(ports.calleeMedia);
    }

    /** A SIPp caller on this test's caller ports, sending to the B2BUA, Request-URI sip:callee@127.0.0.1:<calleeSip>. */
    protected Sipp caller(String scenario) {
        return caller("caller", scenario);
    }

    /** A SIPp caller as {@link #caller(String)} whose trace files are named {@code role} (one per call of a test). */
    protected Sipp caller(String role, String scenario) {
        return Sipp.of(role, scenario, testDir()).localPort(ports.callerSip).mediaPort(ports.callerMedia)
                .remote(B2BUA).key("dest", KarafProcess.SIP_HOST + ":" + ports.calleeSip);
    }

    protected Sipp.Run started(Sipp.Run run) {
        runs.add(run);
        return run;
    }

    /** Starts the callee (waiting until it listens), then runs the caller to its end; both must succeed. */
    protected void call(Sipp callee, Sipp caller) {
        Sipp.Run b = started(callee.startListening());
        Sipp.Run a = started(caller.start());
        assertSucceeded(a);
        assertSucceeded(b);
    }

    protected static void assertSucceeded(Sipp.Run run) {
        int rc = run.waitFor();
        assertEquals("sipp exit code (0 = all calls succeeded)\n" + run.describe(), 0, rc);
    }

    /** A clean trace directory: SIPp appends to its trace files. */
    @Before
    public void cleanTestDir() throws IOException {
        KarafProcess.deleteTree(testDir());
    }

    @After
    public void stopLeftovers() {
        for (Sipp.Run r : runs) {
            r.close();
        }
    }
}
