package org.siprec.portal;

import java.security.Principal;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Logs a user in to a JAAS realm (Karaf's {@code karaf} realm by default: {@code etc/users.properties}, or an LDAP
 * realm deployed under that name) and reads its roles. Karaf's role principals
 * ({@code org.apache.karaf.jaas.boot.principal.RolePrincipal}) are matched by class name, so that this bundle
 * imports nothing of Karaf's JAAS modules; the user's own name comes from its {@code UserPrincipal}.
 */
final class JaasAuthenticator {
    private static final String ROLE_PRINCIPAL = "RolePrincipal";

    private final String realm;

    JaasAuthenticator(String realm) {
        this.realm = realm;
    }

    /**
     * The user, or empty when the realm refuses the credentials (why is not told to the client, nor logged with the
     * password).
     *
     * @throws LoginException when the realm is not there (no login modules configured under its name)
     */
    Optional<PortalUser> login(Credentials credentials) throws LoginException {
        Subject subject = new Subject();
        // LoginContext loads the realm's login modules through the context class loader; Karaf's proxy login module
        // (lib/boot) is on the system class path, which an HTTP request thread's bundle class loader cannot see
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        LoginContext context;
        try {
            context = new LoginContext(realm, subject, callbacks -> {
                for (Callback c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(credentials.user());
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(credentials.password());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            try {
                context.login();
            } catch (LoginException e) {
                return Optional.empty();
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        try {
            Set<String> roles = new HashSet<>();
            for (Principal p : subject.getPrincipals()) {
                if (p.getClass().getSimpleName().equals(ROLE_PRINCIPAL)) {
                    roles.add(p.getName());
                }
            }
            return Optional.of(new PortalUser(credentials.user(), roles));
        } finally {
            try {
                context.logout();
            } catch (LoginException e) {
                // nothing kept between requests: a failing logout leaves nothing behind
            }
        }
    }
}
