package org.siprec.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The served OpenAPI description is JSON and describes every route and method the servlet answers. */
class OpenApiTest {
    @Test
    void theDescriptionNamesEveryRouteAndMethod() throws Exception {
        Map<String, Object> doc = JSON.std.mapFrom(new String(RecordingsServlet.OPENAPI, StandardCharsets.UTF_8));
        assertEquals("3.0.3", doc.get("openapi"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        assertEquals(Set.of("/recordings", "/recordings/{id}", "/recordings/{id}/audio", "/recordings/{id}/hold",
                "/recordings/{id}/metadata", "/recordings/{id}/metadata/{n}", "/openapi.json"), recordingPaths(paths.keySet()));
        assertTrue(paths.get("/recordings/{id}").keySet().containsAll(Set.of("get", "delete")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> search = (List<Map<String, Object>>) ((Map<String, Object>) paths
                .get("/recordings").get("get")).get("parameters");
        assertEquals(SearchParameters.KNOWN, search.stream().map(p -> p.get("name")).collect(Collectors.toSet()),
                "every search parameter the servlet takes, and no other");
        assertTrue(paths.get("/recordings/{id}/hold").keySet().containsAll(Set.of("put", "delete")));
        assertTrue(paths.get("/recordings/{id}/audio").containsKey("get"));
        @SuppressWarnings("unchecked")
        Map<String, Object> id = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc
                .get("components")).get("parameters")).get("Id");
        assertEquals("^" + RecordingsServlet.ID.pattern() + "$", ((Map<?, ?>) id.get("schema")).get("pattern"),
                "the id pattern the servlet checks");
    }

    /** The recordings servlet's paths; the other servlets' are checked below. */
    private static Set<String> recordingPaths(Set<String> all) {
        return all.stream().filter(p -> !p.startsWith("/calls") && !p.startsWith("/companies")
                && !p.startsWith("/subscribers") && !p.equals("/session") && !p.startsWith("/ops")).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLoginSessionIsDescribed() throws Exception {
        Map<String, Object> doc = JSON.std.mapFrom(new String(RecordingsServlet.OPENAPI, StandardCharsets.UTF_8));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        assertEquals(Set.of("post", "get", "delete"), paths.get("/session").keySet());
        Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) doc.get("components"))
                .get("securitySchemes");
        assertEquals(ApiAuthentication.COOKIE, ((Map<?, ?>) schemes.get("session")).get("name"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCallControlAndProvisioningPathsAreDescribedWithThePatternsTheServletsCheck() throws Exception {
        Map<String, Object> doc = JSON.std.mapFrom(new String(RecordingsServlet.OPENAPI, StandardCharsets.UTF_8));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        assertEquals(Set.of("get"), paths.get("/calls").keySet());
        assertEquals(Set.of("parameters", "get"), paths.get("/calls/{callId}").keySet());
        assertEquals(Set.of("parameters", "post"), paths.get("/calls/{callId}/recording/{action}").keySet());
        assertEquals(Set.of("get"), paths.get("/companies").keySet());
        assertEquals(Set.of("parameters", "get", "put", "delete"), paths.get("/companies/{companyId}").keySet());
        assertEquals(Set.of("get"), paths.get("/subscribers").keySet());
        assertEquals(Set.of("parameters", "get", "put", "delete"), paths.get("/subscribers/{subscriber}").keySet());
        assertEquals(Set.of("get"), paths.get(OpsSeriesServlet.PATH.substring("/api/v1".length())).keySet());
        Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) paths
                .get("/calls/{callId}/recording/{action}").get("post")).get("responses");
        for (org.siprec.api.ops.RecordingControlException.Reason r
                : org.siprec.api.ops.RecordingControlException.Reason.values()) {
            assertTrue(responses.containsKey(Integer.toString(CallControlServlet.status(r))), r + " is described");
        }
        Map<String, Object> parameters = (Map<String, Object>) ((Map<String, Object>) doc.get("components"))
                .get("parameters");
        assertEquals("^" + CallControlServlet.CALL_ID.pattern() + "$", pattern(parameters, "CallId"));
        assertEquals("^" + DirectoryServlet.COMPANY_ID.pattern() + "$", pattern(parameters, "CompanyId"));
        assertEquals("^" + DirectoryServlet.SUBSCRIBER_KEY.pattern() + "$", pattern(parameters, "Subscriber"));
    }

    private static Object pattern(Map<String, Object> parameters, String name) {
        return ((Map<?, ?>) ((Map<?, ?>) parameters.get(name)).get("schema")).get("pattern");
    }
}
