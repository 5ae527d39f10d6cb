package org.siprec.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.ops.CallMonitor;

/** {@code siprec:calls}: the live calls. */
@Service
@Command(scope = "siprec", name = "calls", description = "Lists the live calls (Call-ID, caller, callee, state, duration)")
public class CallsCommand implements Action {

    @Reference
    CallMonitor monitor;

    @Override
    public Object execute() {
        Tables.calls(monitor.activeCalls()).print(System.out);
        return null;
    }
}
