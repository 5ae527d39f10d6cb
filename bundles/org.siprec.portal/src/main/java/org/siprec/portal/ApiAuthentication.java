package org.siprec.portal;

import java.util.Optional;
import javax.security.auth.login.LoginException;
import javax.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sends an API request: every servlet of the portal asks this one, so that the ways of logging in (HTTP Basic
 * against the JAAS realm today) are the same on every endpoint.
 */
final class ApiAuthentication {
    private static final Logger LOG = LoggerFactory.getLogger(ApiAuthentication.class);

    private final JaasAuthenticator authenticator;
    private final String realm;

    ApiAuthentication(JaasAuthenticator authenticator, String realm) {
        this.authenticator = authenticator;
        this.realm = realm;
    }

    /** The authenticated user, or 401 (no or wrong credentials) / 503 (the realm cannot log anyone in). */
    PortalUser authenticate(HttpServletRequest req) throws ApiException {
        Optional<Credentials> credentials = Credentials.ofBasic(req.getHeader("Authorization"));
        if (credentials.isEmpty()) {
            throw new ApiException(401, "authentication required (HTTP Basic)");
        }
        try {
            Optional<PortalUser> user = authenticator.login(credentials.get());
            if (user.isEmpty()) {
                LOG.info("Portal: login of user {} from {} refused", credentials.get().user(), req.getRemoteAddr());
                throw new ApiException(401, "user name or password not accepted");
            }
            return user.get();
        } catch (LoginException e) {
            LOG.error("Portal: JAAS realm {} cannot log users in: {}", realm, e.getMessage());
            throw new ApiException(503, "the authentication realm is not available");
        }
    }
}
