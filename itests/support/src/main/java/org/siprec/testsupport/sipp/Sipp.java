package org.siprec.testsupport.sipp;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.siprec.testsupport.TextFiles;
import org.siprec.testsupport.Tools;

/**
 * Runs one SIPp process with a scenario of {@code siprec.sipp.dir} (or any scenario file, or one of SIPp's
 * built-in scenarios), traces written to a per-test directory: {@code <role>.messages.log}, {@code .errors.log},
 * {@code .logs.log}, {@code .screen.log}, {@code .stat.csv}, {@code .cmd}, {@code .out}. Exit code 0 means every
 * call of the run succeeded. Without sipp installed, {@link #start()} fails the test (see {@link Tools#sipp()}).
 */
public final class Sipp {

    public static final String G711A_PCAP = System.getProperty("siprec.sipp.pcap", "/usr/share/sip-tester/g711a.pcap");

    private final String role;
    private final String scenario;
    private final boolean builtIn;
    private final Path dir;
    private String service = "callee";
    private String localIp = "127.0.0.1";
    private int localPort;
    private int mediaPort;
    private String remote;
    private int calls = 1;
    private Double rate;
    private Integer durationMillis;
    private Duration timeout = Duration.ofSeconds(30);
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final List<String> extra = new ArrayList<>();
    private boolean tcp;

    private Sipp(String role, String scenario, boolean builtIn, Path dir) {
        this.role = role;
        this.scenario = scenario;
        this.builtIn = builtIn;
        this.dir = dir;
    }

    /**
     * role names the trace files ("caller", "callee"); scenario is a file name in {@link #scenarioDir()} or a path
     * (an absolute one is taken as is); dir receives the traces.
     */
    public static Sipp of(String role, String scenario, Path dir) {
        return new Sipp(role, scenario, false, dir);
    }

    /** The scenario file at this path. */
    public static Sipp of(String role, Path scenario, Path dir) {
        return new Sipp(role, scenario.toAbsolutePath().toString(), false, dir);
    }

    /** One of SIPp's built-in scenarios ({@code sipp -sn uac}, {@code uas}, ...). */
    public static Sipp builtIn(String role, String name, Path dir) {
        return new Sipp(role, name, true, dir);
    }

    public static Path scenarioDir() {
        return Paths.get(System.getProperty("siprec.sipp.dir", "src/test/resources/sipp")).toAbsolutePath();
    }

    /** {@code -Dsiprec.sipp.bin=...}, else sipp from PATH (failing the test if it is not installed). */
    static String bin() {
        String explicit = System.getProperty("siprec.sipp.bin");
        return explicit != null && !explicit.isBlank() ? explicit : Tools.sipp().toString();
    }

    public Sipp localIp(String ip) { this.localIp = ip; return this; }
    public Sipp localPort(int port) { this.localPort = port; return this; }
    public Sipp mediaPort(int port) { this.mediaPort = port; return this; }
    /** The UAC's target (host:port); the Request-URI comes from key "dest". */
    public Sipp remote(String hostPort) { this.remote = hostPort; return this; }
    public Sipp calls(int n) { this.calls = n; return this; }
    public Sipp rate(double cps) { this.rate = cps; return this; }
    /** Length of the scenario's {@code <pause/>} (sipp -d). */
    public Sipp pause(int millis) { this.durationMillis = millis; return this; }
    /** sipp gives up (and fails) after this; the Java side waits a little longer. */
    public Sipp timeout(Duration d) { this.timeout = d; return this; }
    public Sipp key(String k, String v) { keys.put(k, v); return this; }
    public Sipp args(String... a) { extra.addAll(List.of(a)); return this; }
    /** The Request-URI's user part (sipp -s); "callee" unless set. */
    public Sipp service(String user) { this.service = user; return this; }
    /**
     * SIP over TCP, one connection per call ({@code -t t1}); {@link #startListening()} then waits for the TCP
     * listening socket instead of the UDP one.
     */
    public Sipp tcp() { this.tcp = true; return args("-t", "t1"); }
    /** key "pcap" = the G.711 A-law capture shipped with SIPp, for the scenarios that play RTP. */
    public Sipp withPcap() { return key("pcap", G711A_PCAP); }

    /** The command line {@link #start()} runs. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin());
        // -key must come before -sf: keywords are checked when the scenario is loaded
        keys.forEach((k, v) -> { cmd.add("-key"); cmd.add(k); cmd.add(v); });
        if (builtIn) {
            cmd.addAll(List.of("-sn", scenario));
        } else {
            cmd.addAll(List.of("-sf", scenarioDir().resolve(scenario).toString()));
        }
        cmd.addAll(List.of("-i", localIp, "-p", Integer.toString(localPort)));
        if (mediaPort > 0) {
            cmd.addAll(List.of("-mi", localIp, "-mp", Integer.toString(mediaPort)));
        }
        cmd.addAll(List.of("-m", Integer.toString(calls)));
        if (rate != null) {
            cmd.addAll(List.of("-r", String.format(Locale.ROOT, "%.0f", rate)));
        }
        if (durationMillis != null) {
            cmd.addAll(List.of("-d", Integer.toString(durationMillis)));
        }
        cmd.addAll(List.of("-s", service, "-nostdin",
                "-timeout", timeout.toSeconds() + "s", "-timeout_error",
                "-trace_err", "-error_file", file("errors.log").toString(),
                "-trace_msg", "-message_file", file("messages.log").toString(),
                "-trace_logs", "-log_file", file("logs.log").toString(),
                "-trace_screen", "-screen_file", file("screen.log").toString(),
                "-trace_stat", "-stf", file("stat.csv").toString(), "-fd", "1"));
        cmd.addAll(extra);
        if (remote != null) {
            cmd.add(remote);
        }
        return cmd;
    }

    /** A trace file of this run: {@code <dir>/<role>.<suffix>}. */
    public Path file(String suffix) {
        return dir.resolve(role + "." + suffix);
    }

    public Run start() {
        try {
            Files.createDirectories(dir);
            List<String> cmd = command();
            Files.writeString(file("cmd"), String.join(" ", cmd) + "\n");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(file("out").toFile());
            return new Run(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp " + scenario, e);
        }
    }

    /** Starts and waits until the SIP port is bound (use for callees before the caller starts). */
    public Run startListening() {
        Run r = start();
        await(role + " sipp listening on " + (tcp ? "TCP " : "UDP ") + localPort).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!r.process.isAlive()) {
                        throw new IllegalStateException(role + " sipp exited early (" + r.process.exitValue() + ")\n" + r.describe());
                    }
                    return tcp ? UdpPorts.tcpListening(localPort) : UdpPorts.bound(localPort);
                });
        return r;
    }

    /** Runs to the end; returns the exit code. */
    public Run run() {
        Run r = start();
        r.waitFor();
        return r;
    }

    /** One running (or finished) sipp process. */
    public final class Run implements AutoCloseable {
        private final Process process;

        Run(Process process) {
            this.process = process;
        }

        /** Waits for sipp's own timeout plus a margin; kills it if it hangs. Returns the exit code. */
        public int waitFor() {
            try {
                if (!process.waitFor(timeout.toSeconds() + 15, TimeUnit.SECONDS)) {
                    close();
                }
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                return -1;
            }
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The sipp process itself. */
        public Process process() {
            return process;
        }

        /** The last row of the -trace_stat csv, column name to value (empty if none was written). */
        public Map<String, String> stats() {
            Map<String, String> m = new LinkedHashMap<>();
            try {
                Path csv = file("stat.csv");
                if (!Files.exists(csv)) {
                    return m;
                }
                List<String> lines = Files.readAllLines(csv, StandardCharsets.ISO_8859_1);
                if (lines.size() < 2) {
                    return m;
                }
                String[] head = lines.get(0).split(";");
                String[] last = lines.get(lines.size() - 1).split(";");
                for (int i = 0; i < head.length && i < last.length; i++) {
                    m.put(head[i].trim(), last[i].trim());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return m;
        }

        public long stat(String column) {
            String v = stats().get(column);
            return v == null || v.isEmpty() ? -1 : Long.parseLong(v);
        }

        public String messages() {
            try {
                Path p = file("messages.log");
                return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The command, exit code, the end of the error log and of the message trace: for assertion messages. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("---- sipp ").append(role).append(" (").append(scenario).append(")");
            if (!process.isAlive()) {
                sb.append(" exit ").append(process.exitValue());
            }
            sb.append(" in ").append(dir).append('\n');
            sb.append(TextFiles.tail(file("cmd"), 2));
            sb.append("-- errors:\n").append(TextFiles.tail(file("errors.log"), 40));
            sb.append("-- output:\n").append(TextFiles.tail(file("out"), 5));
            sb.append("-- messages (tail):\n").append(TextFiles.tail(file("messages.log"), 60));
            return sb.toString();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }

    /** Which UDP ports are bound, from /proc/net/udp{,6} (no probing bind that could race with sipp). */
    static final class UdpPorts {
        private UdpPorts() {
        }

        static boolean bound(int port) throws IOException {
            String hex = String.format(Locale.ROOT, ":%04X", port);
            for (String f : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
                Path p = Paths.get(f);
                if (!Files.exists(p)) {
                    continue;
                }
                for (String line : Files.readAllLines(p)) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 1 && cols[1].endsWith(hex)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** True if a TCP socket listens on the port, from /proc/net/tcp{,6} (state 0A = LISTEN). */
        static boolean tcpListening(int port) throws IOException {
            String hex = String.format(Locale.ROOT, ":%04X", port);
            for (String f : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
                Path p = Paths.get(f);
                if (!Files.exists(p)) {
                    continue;
                }
                for (String line : Files.readAllLines(p)) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 3 && cols[1].endsWith(hex) && "0A".equals(cols[3])) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
