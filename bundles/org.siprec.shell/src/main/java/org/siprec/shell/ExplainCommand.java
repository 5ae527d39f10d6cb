package org.siprec.shell;

import java.time.Instant;
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

    @Override
    public Object execute() {
        SessionCase c;
        Instant when;
        try {
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
}
