package org.siprec.store.jdbc;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:hold [--clear] <id>}: sets (or clears) a recording's legal hold; audited. */
@Service
@Command(scope = "siprec", name = "hold", description = "Puts a recording on legal hold (retention never deletes it),"
        + " or clears the hold with --clear")
public class HoldCommand implements Action {
    @Reference
    JdbcRecordingStore store;

    @Argument(index = 0, name = "id", required = true, description = "the recording's id (SRS recording or SRC"
            + " recording session)")
    String id;

    @Option(name = "--clear", description = "clear the hold instead")
    boolean clear;

    @Override
    public Object execute() throws Exception {
        try {
            System.out.println(store.hold(id, !clear, "shell"));
        } catch (IllegalArgumentException e) {
            System.out.println("Error: " + e.getMessage());
        }
        return null;
    }
}
