package org.siprec.src.b2bua;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;

/**
 * What the SIPp tests of this module share: starting SIPp with the scenarios of {@code src/test/resources/sipp}
 * (errors, messages and logs traced to {@code target/sipp-<name>.*}), reading what it logged, waiting for it, and
 * killing whatever is still running at the end, so that a failed test leaves no SIPp holding the next test's ports.
 * Use one per test ({@link #close} in {@code @AfterEach}).
 */
final class SippFixture implements AutoCloseable {
    static final String PCAP = "/usr/share/sip-tester/g711a.pcap";

    private final List<Process> started = new CopyOnWriteArrayList<>();
    /** SIPp's own {@code -timeout}: it gives up by itself after this long, before {@link #waitFor} would kill it. */
    private final int timeoutSeconds;

    SippFixture() {
        this(25);
    }

    /** For tests whose calls (with the waits around them) may take longer than the default 25 s. */
    SippFixture(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Fails with the Debian package to install when sip-tester's pcap files are missing. */
    static void requirePcap() {
        assertTrue(Files.exists(Path.of(PCAP)), PCAP + " is missing: install the Debian package sip-tester");
    }

    static String scenario(String name) {
        return new File("src/test/resources/sipp/" + name).getAbsolutePath();
    }

    /** Starts SIPp; {@code name} names its trace files in {@code target/}. */
    Process sipp(String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-nostdin", "-timeout", timeoutSeconds + "s", "-trace_err", "-error_file", file(name, "err"),
                "-trace_msg", "-message_file", file(name, "msg"), "-trace_logs", "-log_file", file(name, "log")));
        Files.deleteIfExists(Path.of(file(name, "err")));
        Files.deleteIfExists(Path.of(file(name, "msg")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(file(name, "out"))).start();
        started.add(p);
        return p;
    }

    /** What SIPp {@code name} logged as errors, for assertion messages. */
    static String errors(String name) {
        return read(name, "err", "(no errors logged)");
    }

    /** Every message SIPp {@code name} sent and received (its -trace_msg file); complete once it has ended. */
    static String messages(String name) {
        return read(name, "msg", "");
    }

    /** SIPp's exit code (0: every call of the scenario succeeded), or -1 when it had to be killed after 40 s. */
    static int waitFor(Process p) throws Exception {
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** An SRS adapter that always offers the one SRS at {@code uri}. */
    static SrsAdapter srs(String uri) {
        return new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return List.of(new SrsTarget(uri));
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public void report(SrsTarget target, SrsOutcome outcome) {
            }
        };
    }

    @Override
    public void close() {
        started.forEach(Process::destroyForcibly);
    }

    private static String file(String name, String kind) {
        return new File("target/sipp-" + name + "." + kind).getAbsolutePath();
    }

    private static String read(String name, String kind, String none) {
        try {
            Path p = Path.of(file(name, kind));
            return Files.exists(p) ? Files.readString(p) : none;
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
