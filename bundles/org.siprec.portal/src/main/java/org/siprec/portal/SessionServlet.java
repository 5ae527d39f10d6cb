package org.siprec.portal;

import static org.siprec.portal.ApiResponses.allow;
import static org.siprec.portal.ApiResponses.error;
import static org.siprec.portal.ApiResponses.json;
import static org.siprec.portal.ApiResponses.roles;
import static org.siprec.portal.ApiResponses.sameOrigin;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI's login, {@code /api/v1/session} (docs/portal.md#sessions-and-csrf):
 * <ul>
 * <li>{@code POST} {@code {"user":"..","password":".."}}: logs in to the JAAS realm and sets the session cookie; the
 * answer carries the CSRF token;</li>
 * <li>{@code GET}: who the session (or the Basic credentials) is, its roles, its CSRF token and when it ends;</li>
 * <li>{@code DELETE}: logs out (with the CSRF token) and clears the cookie.</li>
 * </ul>
 * Only users with one of the read or hold roles may log in: the UI is for them.
 */
@Component(service = Servlet.class, configurationPid = PortalConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern("/api/v1/session")
@HttpWhiteboardServletName("siprec-portal-session")
public class SessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SessionServlet.class);
    private static final int MAX_BODY = 4096;

    private final transient ApiAuthentication authentication;
    private final transient PortalSessions sessions;
    private final List<String> portalRoles;
    private final List<String> readRoles;
    private final List<String> holdRoles;

    @Activate
    public SessionServlet(PortalConfig config, @Reference PortalSessions sessions) {
        this.sessions = sessions;
        this.authentication = new ApiAuthentication(new JaasAuthenticator(config.realm()), config.realm(), sessions);
        this.readRoles = roles(config.read_roles());
        this.holdRoles = roles(config.hold_roles());
        List<String> r = new ArrayList<>(readRoles);
        r.addAll(holdRoles);
        this.portalRoles = List.copyOf(new TreeSet<>(r));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        try {
            allow(req.getMethod(), "GET", "POST", "DELETE");
            switch (req.getMethod()) {
                case "POST" -> login(req, resp);
                case "DELETE" -> logout(req, resp);
                default -> whoAmI(req, resp);
            }
        } catch (ApiException e) {
            if (e.status() == 401 && !"POST".equals(req.getMethod())) {
                ApiAuthentication.challenge(req, resp);
            }
            error(resp, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Portal request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            error(resp, 500, "internal error; see the platform log");
        }
    }

    private void login(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        // a login form of another site must not log the browser in as someone else (login CSRF)
        sameOrigin(req);
        Credentials credentials = credentials(req);
        PortalUser user = authentication.login(credentials, req);
        if (!user.hasAny(portalRoles)) {
            LOG.info("Portal: login of user {} from {} refused: none of the roles {}", user.name(),
                    req.getRemoteAddr(), portalRoles);
            throw new ApiException(403, "user " + user.name() + " has none of the portal's roles " + portalRoles);
        }
        // a new id at every login (never the one the browser came with: no session fixation)
        authentication.session(req).ifPresent(sessions::remove);
        PortalSessions.Login login = sessions.create(user);
        resp.addHeader("Set-Cookie", ApiAuthentication.COOKIE + "=" + login.id() + "; Path=/; HttpOnly;"
                + " SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
        LOG.info("Portal: user {} logged in from {}", user.name(), req.getRemoteAddr());
        json(resp, 200, body(login.session(), user));
    }

    private void whoAmI(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        Optional<PortalSessions.Session> session = authentication.session(req);
        if (session.isPresent() && req.getHeader("Authorization") == null) {
            json(resp, 200, body(session.get(), session.get().user()));
        } else {
            // Basic credentials (or a dead cookie: 401 from authenticate)
            json(resp, 200, body(null, authentication.authenticate(req)));
        }
    }

    private void logout(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        Optional<PortalSessions.Session> session = authentication.session(req);
        if (session.isPresent()) {
            authentication.authenticate(req); // the CSRF token: no logging out from another site
            sessions.remove(session.get());
            LOG.info("Portal: user {} logged out from {}", session.get().user().name(), req.getRemoteAddr());
        }
        resp.addHeader("Set-Cookie", ApiAuthentication.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (req.isSecure() ? "; Secure" : ""));
        resp.setStatus(204);
    }

    private Map<String, Object> body(PortalSessions.Session session, PortalUser user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", user.name());
        m.put("roles", new ArrayList<>(new TreeSet<>(user.roles())));
        // what the UI offers (the API checks again on each request)
        Map<String, Object> may = new LinkedHashMap<>();
        may.put("read", user.hasAny(readRoles));
        may.put("hold", user.hasAny(holdRoles));
        m.put("may", may);
        m.put("csrfToken", session == null ? null : session.csrfToken());
        m.put("expires", session == null ? null : sessions.expires(session).toString());
        return m;
    }

    private static Credentials credentials(HttpServletRequest req) throws ApiException, IOException {
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new ApiException(400, "body larger than " + MAX_BODY + " bytes");
        }
        Map<String, Object> m;
        try {
            m = JSON.std.mapFrom(new String(body, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new ApiException(400, "body: not a JSON object such as {\"user\":\"alice\",\"password\":\"...\"}");
        }
        if (m == null || !(m.get("user") instanceof String user) || user.isBlank()
                || !(m.get("password") instanceof String password)) {
            throw new ApiException(400, "body: \"user\" and \"password\" (strings) are needed");
        }
        return new Credentials(user, password.toCharArray());
    }
}
