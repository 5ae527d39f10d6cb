package org.siprec.ops.health;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.siprec.api.health.HealthCheck;

/** {@code siprec:health [live|ready]}: every health check (or a probe's), its status and what it found. */
@Service
@Command(scope = "siprec", name = "health", description = "Runs the health checks: liveness, readiness, each check's status and message")
public class HealthCommand implements Action {

    @Argument(index = 0, name = "probe", description = "live or ready (default: every check, and both verdicts)", required = false)
    @Completion(value = StringsCompleter.class, values = {HealthCheck.LIVE, HealthCheck.READY})
    String probe;

    @Reference
    HealthRunner runner;

    @Override
    public Object execute() {
        PrintStream out = System.out;
        if (probe != null && !probe.equals(HealthCheck.LIVE) && !probe.equals(HealthCheck.READY)) {
            out.println("Unknown probe '" + probe + "': use live or ready");
            return null;
        }
        HealthReport report = runner.run(probe == null ? HealthRunner.ALL : probe);
        out.printf("%-14s %-11s %-8s %s%n", "CHECK", "TAGS", "STATUS", "MESSAGE");
        for (HealthReport.Outcome o : report.checks()) {
            out.printf("%-14s %-11s %-8s %s%n", o.name(), String.join(",", o.tags()), o.status(), o.message());
        }
        if (probe == null) {
            print(out, report.select(HealthCheck.LIVE));
            print(out, report.select(HealthCheck.READY));
        } else {
            print(out, report);
        }
        return null;
    }

    private static void print(PrintStream out, HealthReport r) {
        out.println(r.probe() + ": " + (r.up() ? "UP" : "DOWN" + " (failing: " + String.join(", ", r.failing()) + ")"));
    }
}
