package org.siprec.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.siprec.api.ops.RecordingControl;
import org.siprec.api.ops.RecordingControlException;

/**
 * {@code siprec:record start|stop <call>}: records on demand a live call that no policy chose to record, or stops a
 * call's recording while the call goes on. A recording the policy decision made mandatory cannot be stopped.
 * {@code start --srs-group <g>} adds a recording to that SRS group beside the call's running ones;
 * {@code stop --recording <id>} stops that one recording only (the others go on).
 */
@Service
@Command(scope = "siprec", name = "record", description = "Starts (start) or stops (stop) the recording of a live, "
        + "answered call on demand. start: a recording session to the SRSs, decision 'RECORD (on demand by <user>)'. "
        + "stop: the SRS gets the BYE, the call goes on; refused for a mandatory recording. --srs-group: a further "
        + "recording to that SRS group beside the running ones; --recording: stop that recording only")
public class RecordCommand implements Action {

    @Reference
    RecordingControl control;

    @Argument(index = 0, name = "action", required = true, description = "start or stop")
    @Completion(value = StringsCompleter.class, values = {"start", "stop"})
    String action;

    @Argument(index = 1, name = "call", required = true, description = "The call's Call-ID (A-leg), as siprec:calls lists it")
    String callId;

    @Option(name = "--srs-group", description = "start: record to this SRS group (srs.group of an SRS adapter), beside "
            + "the call's running recordings")
    String srsGroup;

    @Option(name = "--recording", description = "stop: only the recording with this id (siprec:calls lists them)")
    String recordingId;

    @Override
    public Object execute() {
        // everything on out: bin/client shows it (a remote err stream is not relayed)
        try {
            switch (action == null ? "" : action.strip()) {
                case "start" -> System.out.println(srsGroup == null
                        ? Tables.recordingStarted(callId, control.start(callId, ShellUser.name()))
                        : Tables.recordingStarted(callId, srsGroup, control.start(callId, ShellUser.name(), srsGroup)));
                case "stop" -> System.out.println(recordingId == null
                        ? Tables.recordingStopped(callId, control.stop(callId, ShellUser.name()))
                        : Tables.recordingStopped(callId, recordingId, control.stop(callId, ShellUser.name(), recordingId)));
                default -> System.out.println("Error: unknown action '" + action + "': use siprec:record start <call> "
                        + "or siprec:record stop <call>");
            }
        } catch (RecordingControlException e) {
            System.out.println(Tables.controlError(e));
        }
        return null;
    }
}
