package org.siprec.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.ops.RecordingControl;
import org.siprec.api.ops.RecordingControlException;

/** {@code siprec:resume <call>}: resumes a paused recording once the SRS accepts. */
@Service
@Command(scope = "siprec", name = "resume", description = "Resumes the paused recording of a live call: the SRS is offered "
        + "the streams again and the copies restart when it accepts (waits for its answer)")
public class ResumeCommand implements Action {

    @Reference
    RecordingControl control;

    @Argument(index = 0, name = "call", required = true, description = "The call's Call-ID (A-leg), as siprec:calls lists it")
    String callId;

    @Override
    public Object execute() {
        try {
            System.out.println(Tables.resumed(callId, control.resume(callId, ShellUser.name())));
        } catch (RecordingControlException e) {
            System.out.println(Tables.controlError(e)); // on out: bin/client shows it (a remote err stream is not relayed)
        }
        return null;
    }
}
