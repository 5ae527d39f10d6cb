package org.siprec.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Validates a Prometheus text exposition with {@code promtool check metrics} (Debian package {@code prometheus}). */
public final class Promtool {

    private Promtool() {
    }

    /**
     * Runs {@code promtool check metrics} on {@code exposition} (its standard input): the exposition must parse and
     * pass promtool's lint (help text, naming conventions, units).
     *
     * @return promtool's output (empty when it found nothing)
     * @throws AssertionError when promtool is not installed (naming the Debian package) or reports a problem
     */
    public static String checkMetrics(String exposition) {
        String promtool = Tools.promtool().toString();
        try {
            Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("promtool check metrics did not end within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("promtool check metrics refused the exposition (exit " + p.exitValue() + "):\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + promtool + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running promtool", e);
        }
    }
}
