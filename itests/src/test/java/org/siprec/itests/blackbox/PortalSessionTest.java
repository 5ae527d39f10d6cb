package org.siprec.itests.blackbox;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.siprec.itests.blackbox.PortalHttp.ALICE;
import static org.siprec.itests.blackbox.PortalHttp.ALICE_PASSWORD;
import static org.siprec.itests.blackbox.PortalHttp.basic;
import static org.siprec.itests.blackbox.PortalHttp.login;
import static org.siprec.itests.blackbox.PortalHttp.member;
import static org.siprec.itests.blackbox.PortalHttp.request;
import static org.siprec.itests.blackbox.PortalHttp.send;
import static org.siprec.itests.blackbox.PortalHttp.sessionId;
import static org.siprec.itests.blackbox.PortalHttp.setCookie;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The web UI's login sessions and CSRF protection on the running distribution (docs/portal.md#sessions-and-csrf):
 * {@code POST /api/v1/session} sets an HttpOnly, SameSite=Strict cookie with a 256-bit id; requests with that cookie
 * read freely but change state only with the session's {@code X-CSRF-Token}; logging out ends the session; wrong
 * passwords and users without a portal role are refused, the password never logged; HTTP Basic works as before
 * without any token.
 */
public class PortalSessionTest extends BlackBoxSupport {

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(PortalSessionTest.class, PortalHttp::addUsers);

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @BeforeClass
    public static void portalUp() {
        PortalHttp.awaitPortal();
    }

    private static HttpRequest.Builder withCookie(String path, String id) {
        return request(path).header("Cookie", "SIPREC_SESSION=" + id);
    }

    @Test
    public void loginSetsAStrictHttpOnlySessionCookieThatReadsRecordings() {
        HttpResponse<String> r = login(ALICE, ALICE_PASSWORD);
        assertEquals(r.body(), 200, r.statusCode());
        String cookie = setCookie(r);
        assertTrue(cookie, cookie.contains("HttpOnly"));
        assertTrue(cookie, cookie.contains("SameSite=Strict"));
        assertTrue(cookie, cookie.contains("Path=/"));
        assertFalse("plain HTTP: no Secure flag (the browser would drop the cookie): " + cookie, cookie.contains("Secure"));
        String id = sessionId(r);
        assertEquals("256 bits, base64url: " + id, 43, id.length());
        String token = member(r.body(), "csrfToken");
        assertNotNull(r.body(), token);
        assertEquals(43, token.length());
        assertEquals(ALICE, member(r.body(), "user"));
        assertEquals(r.body(), "no-store", r.headers().firstValue("Cache-Control").orElse(""));

        HttpResponse<String> me = send(withCookie("/api/v1/session", id));
        assertEquals(me.body(), 200, me.statusCode());
        assertEquals(ALICE, member(me.body(), "user"));
        assertTrue(me.body(), me.body().contains("\"roles\":[\"auditor\"]"));
        assertTrue("what the UI may offer: " + me.body(), me.body().contains("\"may\":{\"read\":true,\"hold\":false}"));
        assertEquals("the same token as at the login", token, member(me.body(), "csrfToken"));
        HttpResponse<String> search = send(withCookie("/api/v1/recordings", id));
        assertEquals(search.body(), 200, search.statusCode());

        HttpResponse<String> again = login(ALICE, ALICE_PASSWORD);
        assertNotEquals("each login has a new id", id, sessionId(again));
        assertNotEquals("and a new token", token, member(again.body(), "csrfToken"));
    }

    @Test
    public void aChangeWithTheCookieNeedsTheSessionsCsrfToken() {
        HttpResponse<String> r = login("karaf", "karaf");
        assertEquals(r.body(), 200, r.statusCode());
        String id = sessionId(r);
        String token = member(r.body(), "csrfToken");
        HttpResponse<String> other = login("karaf", "karaf");
        String otherToken = member(other.body(), "csrfToken");

        HttpResponse<String> none = send(withCookie("/api/v1/recordings/no-such-id/hold", id)
                .PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals(none.body(), 403, none.statusCode());
        assertTrue(none.body(), none.body().contains("X-CSRF-Token"));
        HttpResponse<String> wrong = send(withCookie("/api/v1/recordings/no-such-id/hold", id)
                .header("X-CSRF-Token", otherToken).DELETE());
        assertEquals("another session's token: " + wrong.body(), 403, wrong.statusCode());
        HttpResponse<String> right = send(withCookie("/api/v1/recordings/no-such-id/hold", id)
                .header("X-CSRF-Token", token).PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals("past authentication, the recording is looked up: " + right.body(), 404, right.statusCode());
        HttpResponse<String> get = send(withCookie("/api/v1/recordings/no-such-id", id));
        assertEquals("reading needs no token: " + get.body(), 404, get.statusCode());

        HttpResponse<String> logoutNoToken = send(withCookie("/api/v1/session", id).DELETE());
        assertEquals(logoutNoToken.body(), 403, logoutNoToken.statusCode());
        HttpResponse<String> logout = send(withCookie("/api/v1/session", id).header("X-CSRF-Token", token).DELETE());
        assertEquals(logout.body(), 204, logout.statusCode());
        assertTrue(setCookie(logout), setCookie(logout).contains("Max-Age=0"));

        HttpResponse<String> after = send(withCookie("/api/v1/recordings", id));
        assertEquals("logged out: " + after.body(), 401, after.statusCode());
        assertTrue(after.body(), after.body().contains("log in again"));
        assertFalse("a browser with the UI's (dead) cookie gets no Basic challenge (no dialog over the UI, e.g. for"
                + " its <audio> element)", after.headers().firstValue("WWW-Authenticate").isPresent());
        HttpResponse<String> fromUi = send(request("/api/v1/session").header("X-Requested-With", "siprec-portal"));
        assertEquals(401, fromUi.statusCode());
        assertFalse("the UI's script requests get none either", fromUi.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals("the other session lives on", 200, send(withCookie("/api/v1/session", sessionId(other))).statusCode());
        assertEquals("a forged id", 401, send(withCookie("/api/v1/recordings", "A".repeat(43))).statusCode());
    }

    @Test
    public void wrongPasswordsAndUsersWithoutAPortalRoleAreRefusedAndNoPasswordIsLogged() throws IOException {
        String wrongPassword = "Wr0ng-pass-" + System.nanoTime();
        HttpResponse<String> wrong = login(ALICE, wrongPassword);
        assertEquals(wrong.body(), 401, wrong.statusCode());
        assertTrue(wrong.headers().allValues("Set-Cookie").isEmpty());
        assertFalse("a login form gets no Basic challenge", wrong.headers().firstValue("WWW-Authenticate").isPresent());
        HttpResponse<String> bob = login(PortalHttp.BOB, PortalHttp.BOB_PASSWORD);
        assertEquals(bob.body(), 403, bob.statusCode());
        assertTrue(bob.body(), bob.body().contains("none of the portal's roles"));
        assertTrue(bob.headers().allValues("Set-Cookie").isEmpty());
        HttpResponse<String> bad = send(request("/api/v1/session").POST(HttpRequest.BodyPublishers.ofString("user=alice")));
        assertEquals(bad.body(), 400, bad.statusCode());
        HttpResponse<String> foreign = send(request("/api/v1/session").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"alice\",\"password\":\"" + ALICE_PASSWORD + "\"}")));
        assertEquals("login from another site's page: " + foreign.body(), 403, foreign.statusCode());

        String log = Files.readString(karaf().karafLog(), StandardCharsets.UTF_8);
        assertTrue("the refusal is logged", log.contains("Portal: login of user alice from 127.0.0.1 refused"));
        assertTrue(log.contains("Portal: login of user bob from 127.0.0.1 refused: none of the roles"));
        assertFalse("the password is not", log.contains(wrongPassword) || log.contains(ALICE_PASSWORD));
    }

    @Test
    public void httpBasicWorksWithoutCookieOrToken() {
        HttpResponse<String> search = send(request("/api/v1/recordings").header("Authorization", basic("karaf", "karaf")));
        assertEquals(search.body(), 200, search.statusCode());
        assertTrue("no session for Basic clients", search.headers().allValues("Set-Cookie").isEmpty());
        HttpResponse<String> hold = send(request("/api/v1/recordings/no-such-id/hold")
                .header("Authorization", basic("karaf", "karaf")).PUT(HttpRequest.BodyPublishers.noBody()));
        assertEquals("no token needed: " + hold.body(), 404, hold.statusCode());
        HttpResponse<String> me = send(request("/api/v1/session").header("Authorization", basic(ALICE, ALICE_PASSWORD)));
        assertEquals(me.body(), 200, me.statusCode());
        assertTrue(me.body(), me.body().contains("\"csrfToken\":null"));
        HttpResponse<String> none = send(request("/api/v1/recordings"));
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    public void theUiIsServedWithItsSecurityHeadersAndNothingElseOfTheBundle() {
        HttpResponse<String> bare = send(request("/portal"));
        assertEquals(302, bare.statusCode());
        assertTrue(bare.headers().toString(), bare.headers().firstValue("Location").orElse("").endsWith("/portal/"));
        HttpResponse<String> page = send(request("/portal/"));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse(""), page.headers().firstValue("Content-Type")
                .orElse("").startsWith("text/html"));
        assertTrue(page.body(), page.body().contains("<script src=\"app.js\"></script>"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp, csp.startsWith("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        HttpResponse<String> js = send(request("/portal/app.js"));
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        for (String path : new String[] {"/portal/openapi.json", "/portal/..%2Fopenapi.json", "/portal/%2e%2e/openapi.json",
                "/portal/ui/app.js", "/portal/RecordingsServlet.class", "/portal/nothing.html"}) {
            assertEquals(path, 404, send(request(path)).statusCode());
        }
    }
}
