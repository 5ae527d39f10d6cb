package org.siprec.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {

    @TempDir
    Path dir;

    @Test
    void findsAnExecutableInTheSearchPathInOrder() throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Path notExecutable = Files.createFile(first.resolve("tool"));
        Path executable = executable(second.resolve("tool"));
        String path = first + File.pathSeparator + second;
        assertEquals(Optional.of(executable), Tools.find("tool", path));
        executable(notExecutable);
        assertEquals(Optional.of(notExecutable), Tools.find("tool", path));
        assertEquals(Optional.empty(), Tools.find("other", path));
        assertEquals(Optional.empty(), Tools.find("tool", ""));
    }

    @Test
    void aMissingToolFailsTheTestNamingTheToolAndItsDebianPackage() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Tools.require("siprec-no-such-tool", "siprec-no-such-package"));
        assertTrue(e.getMessage().startsWith("siprec-no-such-tool is required by this test but is not installed"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y siprec-no-such-package"), e.getMessage());
    }

    @Test
    void findsTheNewestPostgresqlServerProgramsOrFailsNamingThePackage() throws Exception {
        Path lib = dir.resolve("lib/postgresql");
        for (String version : new String[] {"9.6", "13", "15"}) {
            Path bin = Files.createDirectories(lib.resolve(version).resolve("bin"));
            executable(bin.resolve("initdb"));
            if (!version.equals("15")) {
                executable(bin.resolve("pg_ctl")); // 15 is incomplete: not chosen
            }
        }
        assertEquals(Optional.of(lib.resolve("13/bin")), Tools.postgresqlBin(lib, ""));
        Path onPath = Files.createDirectories(dir.resolve("onpath"));
        executable(onPath.resolve("initdb"));
        executable(onPath.resolve("pg_ctl"));
        assertEquals(Optional.of(onPath.toAbsolutePath()), Tools.postgresqlBin(dir.resolve("none"), onPath.toString()));
        assertEquals(Optional.empty(), Tools.postgresqlBin(dir.resolve("none"), ""));
    }

    private static Path executable(Path file) throws Exception {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
