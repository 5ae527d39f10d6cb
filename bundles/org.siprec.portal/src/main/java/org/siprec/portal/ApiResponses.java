package org.siprec.portal;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** What every portal servlet answers and checks the same way: JSON bodies, errors, methods, roles, origins. */
final class ApiResponses {
    /** Null members written too ("hold":null): every object of a kind has the same shape. */
    private static final JSON JSON_OUT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private ApiResponses() {
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = (JSON_OUT.asString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse resp, int status, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        json(resp, status, body);
    }

    static void allow(String method, String... allowed) throws ApiException {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new ApiException(405, method + " not allowed here; use " + String.join(" or ", allowed));
    }

    static void need(PortalUser user, List<String> roles) throws ApiException {
        if (!user.hasAny(roles)) {
            throw new ApiException(403, "user " + user.name() + " has none of the roles " + roles);
        }
    }

    /**
     * Defence in depth against cross-site requests: a page elsewhere cannot send PUT/POST/DELETE here without a
     * CORS preflight that this API never grants; should a browser send one anyway, its {@code Origin} names another
     * host.
     */
    static void sameOrigin(HttpServletRequest req) throws ApiException {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return;
        }
        String host = req.getHeader("Host");
        String originHost = origin.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        if (host == null || !originHost.equalsIgnoreCase(host)) {
            throw new ApiException(403, "cross-origin change refused (Origin " + origin + ")");
        }
    }

    /** Who did it, as the audit trail names a portal user. */
    static String actor(HttpServletRequest req, PortalUser user) {
        return "portal:" + user.name() + "@" + req.getRemoteAddr();
    }

    /** A comma-separated list of roles (a .cfg value is one string). */
    static List<String> roles(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
    }
}
