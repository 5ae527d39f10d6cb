package org.siprec.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.ops.PolicyEvaluator;

/** {@code siprec:policies}: the installed recording policies, their configuration and counters. */
@Service
@Command(scope = "siprec", name = "policies", description = "Lists the installed recording policies in the order they are asked, "
        + "with ranking, configuration and counters (evaluations, record, skip, abstain, errors, timeouts, mean and max time)")
public class PoliciesCommand implements Action {

    @Reference
    PolicyEvaluator engine;

    @Override
    public Object execute() {
        Tables.policies(engine.policies()).print(System.out);
        return null;
    }
}
