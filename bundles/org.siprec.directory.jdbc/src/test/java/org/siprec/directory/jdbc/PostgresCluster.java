package org.siprec.directory.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.siprec.testsupport.Tools;

/** Copied from org.siprec.db's tests (PostgresCluster) until it moves to siprec-test-support.
 *
 * Change: no Unix-domain socket ({@code -k ''}, TCP only), as the socket path under a deep target/ folder can exceed
 * the 107 bytes a socket path may have.
 *
 * A throwaway PostgreSQL cluster for the tests: {@code initdb} into a fresh folder, {@code pg_ctl start} on a free
 * port on 127.0.0.1 (password authentication, user {@link #USER}), {@code pg_ctl stop} on {@link #close()} (and at
 * JVM exit if a test run is cut short). As root, the server programs run as the OS user {@code postgres}
 * ({@code initdb} refuses root), which owns the folder. Fails, naming {@code apt-get install -y postgresql}, when
 * PostgreSQL is not installed.
 */
final class PostgresCluster implements AutoCloseable {
    static final String USER = "siprec";
    static final String PASSWORD = "pg-s3cret-Pw";

    private final Path bin;
    private final Path home;
    private final Path data;
    private final int port;
    private final boolean asPostgres;
    private final Thread stopAtExit;
    private boolean stopped;

    private PostgresCluster(Path bin, Path home, int port, boolean asPostgres) {
        this.bin = bin;
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
        this.stopAtExit = new Thread(this::stopQuietly, "stop test PostgreSQL " + port);
    }

    /** Creates and starts a cluster in a new folder under {@code parent}. */
    static PostgresCluster start(Path parent) throws IOException, InterruptedException {
        Path bin = Tools.postgresqlBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(parent);
        Path home = Files.createTempDirectory(parent.toAbsolutePath(), "pg-");
        if (root) {
            UserPrincipal postgres = home.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres");
            Files.setOwner(home, postgres);
        }
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        PostgresCluster cluster = new PostgresCluster(bin, home, freePort(), root);
        cluster.init();
        return cluster;
    }

    private void init() throws IOException, InterruptedException {
        Path pwfile = home.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
        chownToPostgres(pwfile);
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), 120);
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", home.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k '' -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                "start"), 90);
    }

    int port() {
        return port;
    }

    /** The JDBC URL of database {@code name} (the cluster has {@code postgres} from the start). */
    String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** The server's log, for failure messages. */
    String log() {
        try {
            return Files.readString(home.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs this anyway
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "30",
                "stop"), 60);
    }

    private void stopQuietly() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"), 30);
        } catch (Exception e) {
            System.err.println("could not stop the test PostgreSQL in " + data + ": " + e);
        }
    }

    private void chownToPostgres(Path file) throws IOException {
        if (asPostgres) {
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("pg-command", ".txt");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish within " + timeoutSeconds + " s:\n"
                        + Files.readString(output));
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " exited with " + p.exitValue() + ":\n"
                        + Files.readString(output) + "\nserver log:\n" + log());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
