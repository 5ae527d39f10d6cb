package org.siprec.portal;

import java.util.Optional;
import java.util.Set;
import javax.security.auth.login.LoginException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sends an API request: every servlet of the portal asks this one, so that the ways of logging in are the same on
 * every endpoint (docs/portal.md#authentication-and-roles):
 * <ul>
 * <li>HTTP Basic against the JAAS realm, on every request (API clients; no cookie, so nothing for another site to
 * ride on);</li>
 * <li>the web UI's session cookie {@value #COOKIE} (when built with {@link PortalSessions}): a request that changes
 * state ({@code PUT}, {@code POST}, {@code DELETE}, {@code PATCH}) must also carry the session's token in
 * {@value #CSRF_HEADER}, which a page of another site cannot read, so cannot send.</li>
 * </ul>
 * Basic credentials, when present, win over a cookie.
 */
final class ApiAuthentication {
    static final String COOKIE = "SIPREC_SESSION";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Logger LOG = LoggerFactory.getLogger(ApiAuthentication.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final JaasAuthenticator authenticator;
    private final String realm;
    private final PortalSessions sessions;

    /** HTTP Basic only: a servlet that the web UI does not call. */
    ApiAuthentication(JaasAuthenticator authenticator, String realm) {
        this(authenticator, realm, null);
    }

    /** HTTP Basic, and the web UI's sessions when {@code sessions} is not null. */
    ApiAuthentication(JaasAuthenticator authenticator, String realm, PortalSessions sessions) {
        this.authenticator = authenticator;
        this.realm = realm;
        this.sessions = sessions;
    }

    /**
     * The authenticated user, or 401 (no or wrong credentials, unknown or expired session) / 403 (a session's state
     * change without its CSRF token) / 503 (the realm cannot log anyone in).
     */
    PortalUser authenticate(HttpServletRequest req) throws ApiException {
        String authorization = req.getHeader("Authorization");
        if (authorization == null && sessions != null && sessionId(req).isPresent()) {
            PortalSessions.Session s = session(req).orElseThrow(
                    () -> new ApiException(401, "session expired or unknown; log in again"));
            if (!SAFE_METHODS.contains(req.getMethod()) && !s.csrfMatches(req.getHeader(CSRF_HEADER))) {
                LOG.info("Portal: {} {} of user {} from {} refused: no or wrong {}", req.getMethod(),
                        req.getRequestURI(), s.user().name(), req.getRemoteAddr(), CSRF_HEADER);
                throw new ApiException(403, "a change needs the session's " + CSRF_HEADER + " header");
            }
            return s.user();
        }
        Optional<Credentials> credentials = Credentials.ofBasic(authorization);
        if (credentials.isEmpty()) {
            throw new ApiException(401, sessions == null ? "authentication required (HTTP Basic)"
                    : "authentication required (log in, or HTTP Basic)");
        }
        return login(credentials.get(), req);
    }

    /**
     * Logs {@code credentials} in to the realm: the user, or 401 (refused; an INFO line names the user and address,
     * never the password) / 503 (the realm cannot log anyone in).
     */
    PortalUser login(Credentials credentials, HttpServletRequest req) throws ApiException {
        try {
            Optional<PortalUser> user = authenticator.login(credentials);
            if (user.isEmpty()) {
                LOG.info("Portal: login of user {} from {} refused", credentials.user(), req.getRemoteAddr());
                throw new ApiException(401, "user name or password not accepted");
            }
            return user.get();
        } catch (LoginException e) {
            LOG.error("Portal: JAAS realm {} cannot log users in: {}", realm, e.getMessage());
            throw new ApiException(503, "the authentication realm is not available");
        }
    }

    /** The live session the request's cookie names, if any (and sessions are on). */
    Optional<PortalSessions.Session> session(HttpServletRequest req) {
        if (sessions == null) {
            return Optional.empty();
        }
        return sessionId(req).flatMap(sessions::find);
    }

    /**
     * Asks for HTTP Basic credentials on a 401, except from the web UI: there the browser would pop up its own login
     * dialog over the UI's. The UI's script requests carry {@code X-Requested-With}; its {@code <audio>} element's
     * cannot, but they bring the (expired) session cookie, which an API client never has.
     */
    static void challenge(HttpServletRequest req, HttpServletResponse resp) {
        if (req.getHeader("X-Requested-With") == null && sessionId(req).isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"siprec\", charset=\"UTF-8\"");
        }
    }

    static Optional<String> sessionId(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }
}
