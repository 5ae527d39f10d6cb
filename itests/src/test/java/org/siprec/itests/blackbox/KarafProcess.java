package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.siprec.testsupport.TextFiles;

/**
 * The siprec Karaf distribution started as a separate operating-system process, the way an operator runs it.
 * <p>
 * The unpacked distribution (system property {@code siprec.dist.dir}) is copied to a fresh directory per test class
 * under {@code target/blackbox/}, {@code etc/*.cfg} can be edited before start, {@code bin/karaf server} is started
 * with a Java 17 {@code JAVA_HOME}, and {@link #start()} returns once the B2BUA answers a SIP OPTIONS over UDP (on its own ports: {@link #SIP_PORT}, see KarafResource).
 * {@link #close()} runs {@code bin/stop} and kills the process tree if it does not end in time.
 */
public final class KarafProcess implements AutoCloseable {

    public static final String SIP_HOST = "127.0.0.1";
    /**
     * The B2BUA's SIP port in the black-box tests: not the distribution's 5060, so that these tests can run while
     * other Karafs (Pax Exam tests, a developer's own) use 5060 on the same machine.
     */
    public static final int SIP_PORT = Integer.getInteger("siprec.blackbox.sip.port", 5260);
    /**
     * The HTTP port (/metrics, /health) in the black-box tests: not the distribution's 8181 nor the Pax Exam tests'
     * (KarafExamOptions.HTTP_PORT).
     */
    public static final int HTTP_PORT = Integer.getInteger("siprec.blackbox.http.port", 8191);

    private final Path home;
    private final Map<String, Map<String, String>> configEdits = new LinkedHashMap<>();
    private Process process;
    /** The B2BUA's SIP port of this Karaf: {@link #SIP_PORT} unless a test runs several nodes ({@link #sipPort(int)}). */
    private int sipPort = SIP_PORT;

    private KarafProcess(Path home) {
        this.home = home;
    }

    /** Copies the distribution to {@code target/blackbox/<name>/karaf} (deleting an older copy). */
    public static KarafProcess copyOfDistribution(String name) {
        String dist = System.getProperty("siprec.dist.dir");
        if (dist == null || !Files.isDirectory(Paths.get(dist))) {
            throw new IllegalStateException("system property siprec.dist.dir must name the unpacked distribution, was: " + dist);
        }
        Path target = buildDir().resolve("blackbox").resolve(name).resolve("karaf");
        try {
            deleteTree(target);
            copyTree(Paths.get(dist), target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the distribution to " + target, e);
        }
        return new KarafProcess(target);
    }

    static Path buildDir() {
        return Paths.get(System.getProperty("siprec.build.dir", "target")).toAbsolutePath();
    }

    public Path home() {
        return home;
    }

    /**
     * The SIP port {@link #start(Duration)} waits on, for a test that runs several Karafs at once (each with its own
     * ports; the test sets {@code org.siprec.sip} udp/tcp.port to the same value).
     */
    public KarafProcess sipPort(int port) {
        this.sipPort = port;
        return this;
    }

    public int sipPort() {
        return sipPort;
    }

    /** Sets (replaces or appends) {@code key=value} in {@code etc/<pid>.cfg} before {@link #start()}. */
    public KarafProcess config(String pid, String key, String value) {
        configEdits.computeIfAbsent(pid, p -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    /**
     * Adds a feature to featuresBoot of the copied distribution's {@code etc/org.apache.karaf.features.cfg}, before
     * {@link #start()}. The assembly's featuresBoot is one generated boot feature (its startup bundles, e.g. the
     * EventAdmin, are not features): the feature is added in front of it.
     */
    public KarafProcess bootFeature(String feature) {
        java.nio.file.Path cfg = home().resolve("etc/org.apache.karaf.features.cfg");
        try {
            String text = java.nio.file.Files.readString(cfg, java.nio.charset.StandardCharsets.UTF_8);
            String edited = text.replaceFirst("(?m)^(featuresBoot\\s*=\\s*)", "$1" + feature + ", ");
            if (edited.equals(text)) {
                throw new IllegalStateException("no featuresBoot line in " + cfg);
            }
            java.nio.file.Files.writeString(cfg, edited, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    /** Starts Karaf and waits until the B2BUA answers OPTIONS on 127.0.0.1:SIP_PORT (UDP). */
    public KarafProcess start(Duration timeout) {
        // another Karaf (an earlier test class, a Pax Exam container) must not be answering in our place
        // (other builds on this machine may run Pax Exam Karafs that bind the same port: wait for them)
        await("SIP port " + sipPort + " free before start (another Karaf running?)")
                .atMost(Duration.ofSeconds(Long.getLong("siprec.port.free.timeout", 180)))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !RawSip.optionsAnswered(SIP_HOST, sipPort, 300) && sipPortInodes(sipPort).isEmpty());
        try {
            applyConfigEdits();
            Path karaf = home.resolve("bin/karaf");
            karaf.toFile().setExecutable(true);
            ProcessBuilder pb = new ProcessBuilder(karaf.toString(), "server");
            pb.directory(home.toFile());
            pb.environment().put("JAVA_HOME", java17Home());
            pb.environment().remove("KARAF_DEBUG");
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectErrorStream(true);
            pb.redirectOutput(home.resolve("karaf.out").toFile());
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + home, e);
        }
        try {
            await("B2BUA of this Karaf answering OPTIONS on " + SIP_HOST + ":" + sipPort).atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Karaf exited with " + process.exitValue() + "\n" + diagnostics());
                        }
                        // answered 200 by the B2BUA: the endpoint listens (and answers 503) before the SRC is bound,
                        // and a call in that window is refused (seen: LoadTest's first INVITE got 503); and the port
                        // must be answered by this Karaf, not by one started elsewhere meanwhile
                        return RawSip.optionsAnsweredOk(SIP_HOST, sipPort, 250) && ownsSipPort();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String why = RawSip.optionsAnswered(SIP_HOST, sipPort, 250)
                    ? "UDP " + SIP_HOST + ":" + sipPort + " answers, but not from this Karaf: sockets " + describeSipPortSockets()
                            + ", this Karaf's processes " + process.pid() + " "
                            + process.descendants().map(p -> Long.toString(p.pid())).toList()
                    : "no answer on UDP " + SIP_HOST + ":" + sipPort;
            System.err.println(diagnostics());
            close();
            throw new IllegalStateException(why, e);
        } catch (RuntimeException | Error e) {
            System.err.println(diagnostics());
            close();
            throw e;
        }
        return this;
    }

    /**
     * Inodes of the UDP sockets bound to the SIP port on 127.0.0.1 or the wildcard address, from /proc/net/udp and
     * /proc/net/udp6 (Java's dual-stack sockets appear there as ::ffff:127.0.0.1); empty if none or no /proc.
     */
    static java.util.Set<String> sipPortInodes() throws IOException {
        return sipPortInodes(SIP_PORT);
    }

    /** As {@link #sipPortInodes()}, for this UDP port. */
    static java.util.Set<String> sipPortInodes(int sipPort) throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        String port = String.format(java.util.Locale.ROOT, ":%04X", sipPort);
        for (String f : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            Path udp = Paths.get(f);
            if (!Files.exists(udp)) {
                continue;
            }
            for (String line : Files.readAllLines(udp)) {
                String[] c = line.trim().split("\\s+");
                if (c.length > 9 && c[1].endsWith(port)) {
                    String addr = c[1].substring(0, c[1].length() - port.length());
                    if (addr.endsWith("0100007F") || addr.matches("0+")) {
                        inodes.add(c[9]);
                    }
                }
            }
        }
        return inodes;
    }

    private String describeSipPortSockets() {
        try {
            return sipPortInodes(sipPort).toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** True if a process of this Karaf's tree holds the socket bound to the SIP port (true when /proc cannot tell). */
    boolean ownsSipPort() {
        try {
            java.util.Set<String> inodes = sipPortInodes(sipPort);
            if (inodes.isEmpty() || !Files.isDirectory(Paths.get("/proc/self/fd"))) {
                return true;
            }
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(process.toHandle());
            process.descendants().forEach(tree::add);
            for (ProcessHandle p : tree) {
                try (java.util.stream.Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(p.pid()), "fd"))) {
                    boolean found = fds.anyMatch(fd -> {
                        try {
                            String link = Files.readSymbolicLink(fd).toString();
                            return link.startsWith("socket:[") && inodes.contains(link.substring(8, link.length() - 1));
                        } catch (IOException e) {
                            return false;
                        }
                    });
                    if (found) {
                        return true;
                    }
                } catch (IOException e) {
                    // process gone or not ours to read: try the next one
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Everything useful when a test fails: the end of karaf.log and of the console output. */
    public String diagnostics() {
        return "---- " + home.resolve("data/log/karaf.log") + " (tail) ----\n" + TextFiles.tail(home.resolve("data/log/karaf.log"), 80)
                + "---- " + home.resolve("karaf.out") + " (tail) ----\n" + TextFiles.tail(home.resolve("karaf.out"), 20);
    }

    public String karafLogTail(int lines) {
        return TextFiles.tail(home.resolve("data/log/karaf.log"), lines);
    }

    public long pid() {
        ProcessHandle java = javaProcess();
        return java == null ? -1 : java.pid();
    }

    /** The JVM of Karaf (a child of the bin/karaf shell script). */
    public ProcessHandle javaProcess() {
        if (process == null) {
            return null;
        }
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElse(process.toHandle());
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        try {
            Process stop = new ProcessBuilder(home.resolve("bin/stop").toString())
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("stop.out").toFile())
                    .start();
            stop.waitFor(30, TimeUnit.SECONDS);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                System.err.println("Karaf did not stop in 30 s, killing its process tree");
            }
        } catch (IOException e) {
            System.err.println("bin/stop failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle p : tree) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Java 17 to run Karaf with: {@code siprec.java17.home}, env {@code JAVA17_HOME}, this JVM if 17, or the Debian path. */
    static String java17Home() {
        String explicit = System.getProperty("siprec.java17.home", System.getenv("JAVA17_HOME"));
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        if (Runtime.version().feature() == 17) {
            return System.getProperty("java.home");
        }
        for (String candidate : new String[] {"/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk", "/usr/lib/jvm/temurin-17-jdk-amd64"}) {
            if (Files.isExecutable(Paths.get(candidate, "bin/java"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Java 17 found: set -Dsiprec.java17.home (Karaf 4.4.10 does not start on Java 25)");
    }

    /**
     * Sets {@code key=value} in {@code etc/<pid>.cfg} of the <em>running</em> Karaf: Felix FileInstall polls
     * {@code etc/} every second and updates the configuration (a component with {@code @Modified} takes it live).
     * Returns at once; wait for the effect (e.g. a line in {@link #karafLog()}) before relying on it.
     */
    public KarafProcess configLive(String pid, String key, String value) {
        config(pid, key, value);
        try {
            applyConfigEdits(pid, configEdits.get(pid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot edit etc/" + pid + ".cfg", e);
        }
        return this;
    }

    /** {@code data/log/karaf.log} of this Karaf. */
    public Path karafLog() {
        return home.resolve("data/log/karaf.log");
    }

    private void applyConfigEdits() throws IOException {
        for (Map.Entry<String, Map<String, String>> pid : configEdits.entrySet()) {
            applyConfigEdits(pid.getKey(), pid.getValue());
        }
    }

    private void applyConfigEdits(String pid, Map<String, String> edits) throws IOException {
        Path cfg = home.resolve("etc").resolve(pid + ".cfg");
        List<String> lines = Files.exists(cfg) ? new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8)) : new ArrayList<>();
        for (Map.Entry<String, String> kv : edits.entrySet()) {
            boolean replaced = false;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).trim();
                if (l.startsWith("#")) {
                    continue;
                }
                int sep = indexOfSeparator(l);
                if (sep > 0 && l.substring(0, sep).trim().equals(kv.getKey())) {
                    lines.set(i, kv.getKey() + " = " + kv.getValue());
                    replaced = true;
                }
            }
            if (!replaced) {
                lines.add(kv.getKey() + " = " + kv.getValue());
            }
        }
        // written beside and moved over: FileInstall (polling etc/ in a running Karaf) never reads a half-written file
        Path tmp = cfg.resolveSibling(cfg.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, cfg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
