package org.siprec.store.jdbc;

import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code siprec:verify [id]}: re-checks the files of every stored recording (or one) against the SHA-256 taken when
 * it ended; prints one line per missing, altered or unreadable file, then {@code OK: ...} or {@code FAILED: ...}.
 */
@Service
@Command(scope = "siprec", name = "verify", description = "Re-checks stored recordings' files against their SHA-256;"
        + " reports missing and altered files")
public class VerifyCommand implements Action {
    @Reference
    JdbcRecordingStore store;

    @Argument(index = 0, name = "id", required = false, description = "one recording's id (default: every recording)")
    String id;

    @Override
    public Object execute() throws Exception {
        Verification v;
        try {
            v = store.verify(Optional.ofNullable(id), "shell");
        } catch (IllegalArgumentException e) {
            System.out.println("Error: " + e.getMessage());
            return null;
        }
        for (Verification.Problem p : v.problems()) {
            System.out.println(p);
        }
        System.out.println(v.summary());
        return null;
    }
}
