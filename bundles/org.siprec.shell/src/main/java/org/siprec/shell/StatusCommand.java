package org.siprec.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.ops.CallMonitor;

/** {@code siprec:status}: platform counters and settings, and the media mirror's port pool. */
@Service
@Command(scope = "siprec", name = "status", description = "Shows the platform status and the media mirror's sessions and free ports")
public class StatusCommand implements Action {

    @Reference
    CallMonitor monitor;

    /** Absent when no media mirror is deployed. */
    @Reference(optional = true)
    MediaMirror mirror;

    @Override
    public Object execute() {
        Tables.status(monitor.status(), mirror).print(System.out);
        return null;
    }
}
