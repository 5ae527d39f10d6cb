package org.siprec.shell;

import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.model.SessionCase;
import org.siprec.api.ops.PolicyEvaluator;
import org.siprec.api.ops.PolicyExplanation;

/**
 * {@code siprec:explain <from> <to> [--case orig|term] [--at <ISO time>]}: what the policies would decide for such a
 * call, and why, without placing it.
 */
@Service
@Command(scope = "siprec", name = "explain", description = "Shows the recording decision and each policy's verdict and reason "
        + "for a call from <from> to <to>, decided exactly as a call would be, without placing it")
public class ExplainCommand implements Action {

    @Reference
    PolicyEvaluator engine;

    @Argument(index = 0, name = "from", required = true, description = "The caller: sip:, tel: URI or number (a number is taken as tel:)")
    String from;

    @Argument(index = 1, name = "to", required = true, description = "The callee: sip:, tel: URI or number")
    String to;

    @Option(name = "--case", description = "The session case: orig (the platform serves the caller) or term (the callee); default orig")
    String sessionCase = "orig";

    @Option(name = "--at", description = "The call's start time, ISO-8601 with offset or zone (2026-03-29T09:30:00+02:00, "
            + "2026-03-29T07:30:00Z); default now")
    String at;

    /** Karaf reads options before the arguments only: {@code --case} and {@code --at} written after them land here. */
    @Argument(index = 2, name = "options", multiValued = true, description = "--case and --at may also follow <from> <to>")
    List<String> trailing;

    @Override
    public Object execute() {
        SessionCase c;
        Instant when;
        try {
            readTrailingOptions();
            c = SessionCase.parse(sessionCase);
            when = at == null ? Instant.now() : Tables.instant(at);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            return null;
        }
        PolicyExplanation explanation = engine.explain(from, to, c, when);
        System.out.print(Tables.explanation(from, to, c, when, explanation));
        return null;
    }

    private void readTrailingOptions() {
        if (trailing == null) {
            return;
        }
        for (int i = 0; i < trailing.size(); i++) {
            String o = trailing.get(i);
            if ((o.equals("--case") || o.equals("--at")) && i + 1 < trailing.size()) {
                if (o.equals("--case")) {
                    sessionCase = trailing.get(++i);
                } else {
                    at = trailing.get(++i);
                }
            } else {
                throw new IllegalArgumentException("unexpected '" + o + "': expected <from> <to> [--case orig|term] [--at <ISO time>]");
            }
        }
    }
}
