package org.siprec.portal;

import static org.siprec.portal.ApiResponses.actor;
import static org.siprec.portal.ApiResponses.allow;
import static org.siprec.portal.ApiResponses.error;
import static org.siprec.portal.ApiResponses.json;
import static org.siprec.portal.ApiResponses.roles;
import static org.siprec.portal.ApiResponses.sameOrigin;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.DirectoryAdmin;
import org.siprec.api.directory.DirectoryData;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.DirectoryFormat;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisioning of the subscriber directory over HTTP (docs/portal.md, "Provisioning"), the same operations as the
 * {@code siprec:company-*} / {@code siprec:user-*} commands, through {@link DirectoryAdmin}:
 * <ul>
 * <li>{@code GET /api/v1/companies}, {@code GET|PUT|DELETE /api/v1/companies/{id}}</li>
 * <li>{@code GET /api/v1/subscribers?company=}, {@code GET|DELETE /api/v1/subscribers/{id, number or AOR}},
 * {@code PUT /api/v1/subscribers/{id}}</li>
 * </ul>
 * A company or user is the JSON object of the directory's import/export file (docs/directory.md, "JSON"), read and
 * written by the directory itself ({@link DirectoryAdmin#read}, {@link DirectoryAdmin#write}), so what is accepted
 * and refused, and the messages, are the directory's. A PUT replaces the item entirely (as an import does).
 * <p>
 * Who may do what is {@link ProvisionScope}'s: {@code provision.roles} the whole directory,
 * {@code company.provision.roles} the users of their own companies, those companies read-only, and nothing else
 * (another company or its users answered 404 as unknown ones).
 */
@Component(service = Servlet.class, configurationPid = PortalConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern({DirectoryServlet.COMPANIES + "/*", DirectoryServlet.SUBSCRIBERS + "/*"})
@HttpWhiteboardServletName("siprec-portal-directory")
public class DirectoryServlet extends HttpServlet {
    static final String COMPANIES = "/api/v1/companies";
    static final String SUBSCRIBERS = "/api/v1/subscribers";
    /** A company id as the directory takes it. */
    static final Pattern COMPANY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** A user id, number (any form) or AOR: printable ASCII, what the directory then reads or refuses. */
    static final Pattern SUBSCRIBER_KEY = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,255}");
    private static final int MAX_BODY = 65536;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryServlet.class);

    private final transient ApiAuthentication authentication;
    private final List<String> provisionRoles;
    private final List<String> companyProvisionRoles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile DirectoryAdmin admin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile SubscriberDirectory directory;

    @Activate
    public DirectoryServlet(PortalConfig config, @Reference PortalSessions sessions) {
        this.authentication = new ApiAuthentication(new JaasAuthenticator(config.realm()), config.realm(), sessions);
        this.provisionRoles = roles(config.provision_roles());
        this.companyProvisionRoles = roles(config.company_provision_roles());
        LOG.info("Portal provisioning on {} and {}: provision roles {}, own-company provision roles {}", COMPANIES,
                SUBSCRIBERS, provisionRoles, companyProvisionRoles);
    }

    /** For tests: the default configuration's roles. */
    DirectoryServlet(DirectoryAdmin admin, SubscriberDirectory directory, JaasAuthenticator authenticator) {
        this.authentication = new ApiAuthentication(authenticator, "test");
        this.provisionRoles = List.of("operator-admin");
        this.companyProvisionRoles = List.of("company-admin");
        this.admin = admin;
        this.directory = directory;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        ProvisionScope scope = null;
        try {
            PortalUser user = authentication.authenticate(req);
            scope = ProvisionScope.of(user, provisionRoles, companyProvisionRoles);
            String servlet = req.getServletPath();
            if (COMPANIES.equals(servlet)) {
                companies(req, resp, user, scope, PathSegments.below(req, COMPANIES));
            } else {
                subscribers(req, resp, user, scope, PathSegments.below(req, SUBSCRIBERS));
            }
        } catch (ApiException e) {
            if (e.status() == 401) {
                ApiAuthentication.challenge(req, resp);
            }
            error(resp, e.status(), e.getMessage());
        } catch (DirectoryException e) {
            // a change the directory refused: its own message, naming the field; without a field, its store failed
            if (e.field().isPresent()) {
                String message = withoutLine(e.getMessage());
                error(resp, 400, scope == null ? message : scope.message(message));
            } else {
                LOG.warn("Portal: the directory cannot answer {} {}: {}", req.getMethod(), req.getRequestURI(),
                        e.getMessage());
                error(resp, 503, "the directory cannot answer now: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("Portal request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            error(resp, 500, "internal error; see the platform log");
        }
    }

    // --- companies ----------------------------------------------------------------------------------------------

    private void companies(HttpServletRequest req, HttpServletResponse resp, PortalUser user, ProvisionScope scope,
            List<String> path) throws ApiException, IOException {
        String method = req.getMethod();
        if (path.isEmpty()) {
            allow(method, "GET");
            noParameters(req, Set.of());
            List<Company> visible = admin().exportData().companies().stream().filter(c -> scope.sees(c.id()))
                    .toList();
            json(resp, 200, Map.of("companies", render(new DirectoryData(visible, List.of(), Set.of()))
                    .get("companies")));
            return;
        }
        if (path.size() != 1) {
            throw new ApiException(404, "no such resource: " + req.getRequestURI());
        }
        String id = path.get(0);
        if (!COMPANY_ID.matcher(id).matches()) {
            throw new ApiException(400, "not a company id: 1 to 64 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit");
        }
        allow(method, "GET", "PUT", "DELETE");
        if (method.equals("GET")) {
            noParameters(req, Set.of());
            json(resp, 200, company(directory().company(id).filter(c -> scope.sees(c.id()))
                    .orElseThrow(() -> new ApiException(404, "no company '" + id + "'"))));
            return;
        }
        sameOrigin(req);
        scope.mayChangeCompany(id);
        String actor = actor(req, user);
        if (method.equals("PUT")) {
            noParameters(req, Set.of());
            DirectoryData data = read(req, "companies", "id", id);
            boolean existed = directory().company(id).isPresent();
            Company stored = admin().putCompany(data.companies().get(0));
            LOG.info("Portal: company {} {} by {}", id, existed ? "replaced" : "added", actor);
            json(resp, existed ? 200 : 201, company(stored));
            return;
        }
        noParameters(req, Set.of("cascade"));
        boolean cascade = "true".equals(req.getParameter("cascade"));
        if (req.getParameter("cascade") != null && !cascade && !"false".equals(req.getParameter("cascade"))) {
            throw new ApiException(400, "cascade: true or false");
        }
        boolean removed;
        try {
            removed = admin().removeCompany(id, cascade);
        } catch (DirectoryException e) {
            if (e.field().isPresent()) { // it still has users
                throw new ApiException(409, withoutLine(e.getMessage()).replace("(--cascade)", "(?cascade=true)"));
            }
            throw e;
        }
        if (!removed) {
            throw new ApiException(404, "no company '" + id + "'");
        }
        LOG.info("Portal: company {} removed{} by {}", id, cascade ? " with its users" : "", actor);
        resp.setStatus(204);
    }

    // --- subscribers --------------------------------------------------------------------------------------------

    private void subscribers(HttpServletRequest req, HttpServletResponse resp, PortalUser user, ProvisionScope scope,
            List<String> path) throws ApiException, IOException {
        String method = req.getMethod();
        if (path.isEmpty()) {
            allow(method, "GET");
            noParameters(req, Set.of("company"));
            String company = req.getParameter("company");
            if (company != null && (directory().company(company).isEmpty() || !scope.sees(company))) {
                throw new ApiException(404, "no company '" + company + "'");
            }
            List<Subscriber> users = admin().exportData().subscribers().stream()
                    .filter(u -> company == null ? scope.sees(u.companyId()) : u.companyId().equals(company))
                    .toList();
            json(resp, 200, Map.of("subscribers", render(new DirectoryData(List.of(), users, Set.of())).get("users")));
            return;
        }
        if (path.size() != 1) {
            throw new ApiException(404, "no such resource: " + req.getRequestURI());
        }
        String key = path.get(0);
        if (!SUBSCRIBER_KEY.matcher(key).matches()) {
            throw new ApiException(400, "not a user id, number or AOR: printable ASCII, at most 256 characters");
        }
        allow(method, "GET", "PUT", "DELETE");
        noParameters(req, Set.of());
        if (method.equals("GET")) {
            json(resp, 200, subscriber(find(key, scope).orElseThrow(() -> new ApiException(404,
                    "no user with id, number or AOR '" + key + "'"))));
            return;
        }
        sameOrigin(req);
        String actor = actor(req, user);
        if (method.equals("PUT")) {
            Optional<Subscriber> existing = byId(key);
            if (existing.isPresent() && !scope.sees(existing.get().companyId())) {
                // ids are the directory's, across companies: another company's user is not there for this caller
                throw new ApiException(404, "no user with id, number or AOR '" + key + "'");
            }
            DirectoryData data = read(req, "users", "id", key);
            Subscriber given = data.subscribers().get(0);
            scope.mayPlaceIn(given.companyId());
            boolean existed = existing.isPresent();
            Subscriber stored = admin().putSubscriber(given);
            LOG.info("Portal: user {} {} by {}", key, existed ? "replaced" : "added", actor);
            json(resp, existed ? 200 : 201, subscriber(stored));
            return;
        }
        Subscriber found = find(key, scope).orElseThrow(() -> new ApiException(404, "no user with id, number or AOR '"
                + key + "'"));
        if (!admin().removeSubscriber(found.id())) {
            throw new ApiException(404, "no user '" + found.id() + "'");
        }
        LOG.info("Portal: user {} removed by {}", found.id(), actor);
        resp.setStatus(204);
    }

    /**
     * A user by id first, then by any of its numbers or AORs (any form), as {@code siprec:user-show} finds it; empty
     * when it is not in {@code scope}'s companies, as if unknown.
     */
    private Optional<Subscriber> find(String key, ProvisionScope scope) throws ApiException {
        Optional<Subscriber> byId = byId(key);
        return (byId.isPresent() ? byId : directory().subscriber(key)).filter(u -> scope.sees(u.companyId()));
    }

    private Optional<Subscriber> byId(String id) throws ApiException {
        return admin().exportData().subscribers().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    // --- the directory's JSON -----------------------------------------------------------------------------------

    /**
     * The request's body, one company or user object as in an import file, read by the directory: its id is the
     * path's (given in the body, it must be the same).
     */
    private DirectoryData read(HttpServletRequest req, String list, String idKey, String id)
            throws ApiException, IOException {
        Map<String, Object> item = body(req);
        Object given = item.get(idKey);
        if (given != null && !id.equals(given)) {
            throw new ApiException(400, idKey + " '" + given + "' in the body is not the path's '" + id + "'");
        }
        Map<String, Object> withId = new LinkedHashMap<>();
        withId.put(idKey, id);
        item.forEach((k, v) -> {
            if (!k.equals(idKey)) {
                withId.put(k, v);
            }
        });
        // one line: an error's "line 1: " says nothing to an HTTP client and is dropped
        DirectoryData data = admin().read(new StringReader(JSON.std.asString(Map.of(list, List.of(withId)))),
                DirectoryFormat.JSON);
        int count = list.equals("companies") ? data.companies().size() : data.subscribers().size();
        if (count != 1) {
            throw new ApiException(400, "the body must be one JSON object");
        }
        return data;
    }

    private static Map<String, Object> body(HttpServletRequest req) throws ApiException, IOException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, "body larger than " + MAX_BODY + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new ApiException(400, "a JSON object is expected in the body (docs/directory.md, \"JSON\")");
        }
        try {
            Object parsed = JSON.std.anyFrom(text);
            if (parsed instanceof Map<?, ?> map) {
                Map<String, Object> item = new LinkedHashMap<>();
                map.forEach((k, v) -> item.put(String.valueOf(k), v));
                return item;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        throw new ApiException(400, "the body must be one JSON object");
    }

    private Map<String, Object> company(Company c) throws ApiException {
        return firstOf(render(new DirectoryData(List.of(c), List.of(), Set.of())).get("companies"));
    }

    private Map<String, Object> subscriber(Subscriber s) throws ApiException {
        return firstOf(render(new DirectoryData(List.of(), List.of(s), Set.of())).get("users"));
    }

    /** The directory's own JSON of {@code data}, as maps ({@code companies}, {@code users}). */
    private Map<String, Object> render(DirectoryData data) throws ApiException {
        try {
            return JSON.std.mapFrom(admin().write(data, DirectoryFormat.JSON));
        } catch (IOException e) {
            throw new IllegalStateException("the directory wrote JSON that does not read back", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstOf(Object list) {
        return (Map<String, Object>) ((List<Object>) list).get(0);
    }

    private static void noParameters(HttpServletRequest req, Set<String> allowed) throws ApiException {
        for (Map.Entry<String, String[]> p : req.getParameterMap().entrySet()) {
            if (!allowed.contains(p.getKey())) {
                throw new ApiException(400, "unknown parameter '" + p.getKey() + "'"
                        + (allowed.isEmpty() ? "" : "; expected " + String.join(", ", allowed)));
            }
            if (p.getValue().length > 1) {
                throw new ApiException(400, p.getKey() + ": given more than once");
            }
        }
    }

    static String withoutLine(String message) {
        return message.startsWith("line 1: ") ? message.substring("line 1: ".length()) : message;
    }

    private DirectoryAdmin admin() throws ApiException {
        DirectoryAdmin a = admin;
        if (a == null) {
            throw new ApiException(503, "the subscriber directory is not running (feature:install siprec-directory)");
        }
        return a;
    }

    private SubscriberDirectory directory() throws ApiException {
        SubscriberDirectory d = directory;
        if (d == null) {
            throw new ApiException(503, "the subscriber directory is not running (feature:install siprec-directory)");
        }
        return d;
    }
}
