package org.siprec.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.ops.RecordingControl;
import org.siprec.api.ops.RecordingControlException;

/** {@code siprec:pause <call>}: pauses a call's recording (PCI: nothing of the call reaches the SRS until resumed). */
@Service
@Command(scope = "siprec", name = "pause", description = "Pauses the recording of a live call: the copies to the SRS stop "
        + "at once, then the SRS is told (streams inactive). The call itself is not touched")
public class PauseCommand implements Action {

    @Reference
    RecordingControl control;

    @Argument(index = 0, name = "call", required = true, description = "The call's Call-ID (A-leg), as siprec:calls lists it")
    String callId;

    @Override
    public Object execute() {
        try {
            System.out.println(Tables.paused(callId, control.pause(callId, ShellUser.name())));
        } catch (RecordingControlException e) {
            System.out.println(Tables.controlError(e)); // on out: bin/client shows it (a remote err stream is not relayed)
        }
        return null;
    }
}
