package org.siprec.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The external programs the test suite drives, found on {@code PATH}. A test that needs one calls it before
 * anything else: a missing tool fails the test (never skips it), with a message naming the Debian package that
 * installs it, so that a run on a machine without it cannot pass for a green one.
 */
public final class Tools {

    /** SIPp: callers, callees and SIPREC SRSs in the SIP tests. */
    public static final String SIPP = "sipp";
    /** tshark: counts RTP packets on the loopback interface. */
    public static final String TSHARK = "tshark";
    /** promtool: validates the Prometheus text exposition of {@code /metrics}. */
    public static final String PROMTOOL = "promtool";
    /** Where Debian's {@code postgresql} package puts the server programs, one folder per major version. */
    public static final Path POSTGRESQL_LIB = Path.of("/usr/lib/postgresql");

    private Tools() {
    }

    /** The sipp program (Debian package {@code sip-tester}); fails the test if it is not installed. */
    public static Path sipp() {
        return require(SIPP, "sip-tester");
    }

    /** The tshark program (Debian package {@code tshark}); fails the test if it is not installed. */
    public static Path tshark() {
        return require(TSHARK, "tshark");
    }

    /** The promtool program (Debian package {@code prometheus}); fails the test if it is not installed. */
    public static Path promtool() {
        return require(PROMTOOL, "prometheus");
    }

    /**
     * The folder of the PostgreSQL server programs {@code initdb} and {@code pg_ctl} (Debian package
     * {@code postgresql}: {@code /usr/lib/postgresql/<major>/bin}, the highest major version; else the folder of
     * {@code pg_ctl} on {@code PATH}); fails the test if they are not installed.
     */
    public static Path postgresqlBin() {
        return requirePostgresqlBin(POSTGRESQL_LIB, System.getenv("PATH"));
    }

    /** {@link #postgresqlBin(Path, String)} or an {@code AssertionError} naming the Debian package postgresql. */
    static Path requirePostgresqlBin(Path lib, String path) {
        return postgresqlBin(lib, path).orElseThrow(() -> new AssertionError("PostgreSQL (initdb, pg_ctl) is"
                + " required by this test but is not installed (not found in " + lib + "/*/bin nor on PATH=" + path
                + "). Install the Debian package postgresql: apt-get install -y postgresql (as root, or with sudo)"));
    }

    /** The folder holding executable {@code initdb} and {@code pg_ctl}: under {@code lib/<major>/bin}, else on the path. */
    public static Optional<Path> postgresqlBin(Path lib, String searchPath) {
        if (Files.isDirectory(lib)) {
            try (var versions = Files.list(lib)) {
                Optional<Path> newest = versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(java.util.Comparator.comparingDouble(
                                (Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                        .map(v -> v.resolve("bin"))
                        .filter(bin -> find(bin.resolve("initdb").toString(), null).isPresent()
                                && find(bin.resolve("pg_ctl").toString(), null).isPresent())
                        .findFirst();
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (java.io.IOException e) {
                // not readable: look on the path
            }
        }
        return find("pg_ctl", searchPath).map(Path::getParent)
                .filter(bin -> find(bin.resolve("initdb").toString(), null).isPresent());
    }

    /**
     * The absolute path of {@code command} on {@code PATH}.
     *
     * @throws AssertionError if it is not there: the message names the tool, the {@code PATH} searched and the
     *         Debian package to install
     */
    public static Path require(String command, String debianPackage) {
        String path = System.getenv("PATH");
        return find(command, path).orElseThrow(() -> new AssertionError(command + " is required by this test but is not"
                + " installed (not found on PATH=" + path + "). Install the Debian package " + debianPackage
                + ": apt-get install -y " + debianPackage + " (as root, or with sudo)"));
    }

    /** The first executable file named {@code command} in the directories of {@code searchPath}. */
    public static Optional<Path> find(String command, String searchPath) {
        if (command.contains(File.separator)) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        if (searchPath == null || searchPath.isEmpty()) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
