package org.siprec.shell;

import java.security.AccessController;
import java.security.Principal;
import javax.security.auth.Subject;

/** Who runs a shell command, for the audit trail: the Karaf JAAS user of the session. */
final class ShellUser {
    private ShellUser() {
    }

    /** {@code shell:<user>}, or {@code shell} when the session has no user principal (e.g. the local console). */
    @SuppressWarnings("removal") // Karaf 4.4 runs commands under Subject.doAs; no replacement on Java 17
    static String name() {
        try {
            Subject subject = Subject.getSubject(AccessController.getContext());
            if (subject != null) {
                for (Principal p : subject.getPrincipals()) {
                    // Karaf's UserPrincipal (org.apache.karaf.jaas.boot.principal), matched by name to avoid the import
                    if (p.getClass().getSimpleName().equals("UserPrincipal")) {
                        return "shell:" + p.getName();
                    }
                }
            }
        } catch (RuntimeException e) {
            // no subject available: fall through
        }
        return "shell";
    }
}
