package org.siprec.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.ops.SrsGroupMonitor;

/** {@code siprec:srs}: the SRS group's selection mode and each SRS's health and counters. */
@Service
@Command(scope = "siprec", name = "srs", description = "Shows the SRS group: selection mode, and for each SRS its state "
        + "(up/down/unknown from SIP OPTIONS), last OPTIONS RTT, recording sessions selected/accepted/refused/unreachable/in progress, last error")
public class SrsCommand implements Action {

    /** Absent when the SRS group adapter (feature siprec-srs-sip) is not installed. */
    @Reference(optional = true)
    SrsGroupMonitor group;

    @Override
    public Object execute() {
        if (group == null) {
            System.out.println("No SRS group adapter installed (feature siprec-srs-sip)");
            return null;
        }
        System.out.println("Selection mode: " + group.mode());
        Tables.srs(group.members()).print(System.out);
        return null;
    }
}
