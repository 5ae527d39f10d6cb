package org.siprec.itests.blackbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP to the portal of a black-box Karaf ({@code 127.0.0.1:}{@link KarafProcess#HTTP_PORT}), with no cookie store:
 * each test sends the session cookie it means to send. Also the portal's test users.
 */
final class PortalHttp {
    static final String BASE = "http://127.0.0.1:" + KarafProcess.HTTP_PORT;
    /** Read-only ({@code auditor}). */
    static final String ALICE = "alice";
    static final String ALICE_PASSWORD = "alice-Pw-4417";
    /** A user of the realm with no role of the portal. */
    static final String BOB = "bob";
    static final String BOB_PASSWORD = "bob-Pw-9921";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern COOKIE = Pattern.compile("SIPREC_SESSION=([^;]*)");

    private PortalHttp() {
    }

    /** Adds alice and bob to {@code etc/users.properties} (before the start). */
    static void addUsers(KarafProcess k) {
        try {
            Files.writeString(k.home().resolve("etc/users.properties"), "\n" + ALICE + " = " + ALICE_PASSWORD
                    + ",auditor\n" + BOB + " = " + BOB_PASSWORD + ",viewer\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(20));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> login(String user, String password) {
        return send(request("/api/v1/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")));
    }

    /** The session cookie's {@code Set-Cookie} header of a response. */
    static String setCookie(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SIPREC_SESSION="))
                .findFirst().orElseThrow(() -> new AssertionError("no SIPREC_SESSION cookie set: " + r.headers()));
    }

    /** The session id a login response sets. */
    static String sessionId(HttpResponse<?> r) {
        Matcher m = COOKIE.matcher(setCookie(r));
        if (!m.find()) {
            throw new AssertionError(setCookie(r));
        }
        return m.group(1);
    }

    /** A string member of a flat JSON answer ({@code "name":"value"}), or null. */
    static String member(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The portal answers (it comes a moment after SIP). */
    static void awaitPortal() {
        org.awaitility.Awaitility.await("portal answers /api/v1/openapi.json").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> send(request("/api/v1/openapi.json")).statusCode() == 200
                        && send(request("/api/v1/session")).statusCode() == 401);
    }
}
