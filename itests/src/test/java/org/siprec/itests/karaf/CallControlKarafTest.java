package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.siprec.itests.karaf.InContainer.query;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.ops.CallMonitor;
import org.siprec.api.ops.CallSummary;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.exam.KarafExamOptions;

/**
 * The portal's call control ({@code /api/v1/calls}) and provisioning ({@code /api/v1/companies},
 * {@code /api/v1/subscribers}) endpoints in the distribution booted by Pax Exam, over HTTP with {@link HttpClient}
 * as an agent desktop or a provisioning system would use them (docs/portal.md). With the record-all policy disabled
 * no policy records {@code siprec:test-call}'s live call; a user with role {@code call-control} starts its recording
 * on demand, pauses, resumes and stops it over HTTP, each second attempt refused 409 with its reason, an auditor 403,
 * no credentials 401, a malformed Call-ID 400, an unknown one 404 {@code NO_SUCH_CALL}; the SRC's audit trail names
 * the portal user and address for each. A company and a user provisioned over HTTP are answered by the
 * {@link SubscriberDirectory} service and {@code siprec:company-show}; the directory's own field errors come back 400,
 * removing a company with users 409, a user without the provision role 403. A {@code company-admin} of company alpha
 * manages alpha's users and reads alpha, while company bravo and its user are answered 404 as unknown ones.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CallControlKarafTest {
    static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String API = "http://127.0.0.1:" + KarafExamOptions.HTTP_PORT + "/api/v1";
    private static final String ADMIN = basic("karaf", "karaf");
    private static final String AGENT = basic("itest-agent", "agent-pw");
    private static final String AUDITOR = basic("itest-auditor", "auditor-pw");
    private static final String ALPHA_ADMIN = basic("itest-alpha-admin", "alpha-pw");
    private static final String AGENT_ACTOR = "portal:itest-agent@127.0.0.1";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafExamOptions.siprecDistribution(
                // no policy records the test call: recording starts only on demand
                editConfigurationFilePut("etc/org.siprec.policy.recordall.cfg", "enabled", "false"),
                editConfigurationFilePut("etc/users.properties", "itest-agent", "agent-pw,call-control"),
                editConfigurationFilePut("etc/users.properties", "itest-auditor", "auditor-pw,auditor"),
                editConfigurationFilePut("etc/users.properties", "itest-alpha-admin",
                        "alpha-pw,company-admin,company:alpha"));
    }

    @Test
    public void anAgentStartsPausesResumesAndStopsTheRecordingOfALiveCallOverHttp() throws Exception {
        await("siprec:test-call").atMost(STARTUP).until(() -> commandAvailable("siprec:test-call"));
        CallMonitor monitor = service(CallMonitor.class);
        CompletableFuture<String> testCall = CompletableFuture.supplyAsync(() -> execute("siprec:test-call --seconds 14"));
        String callId = await("the test call is live").atMost(Duration.ofSeconds(20))
                .until(() -> monitor.activeCalls().stream().map(CallSummary::callId).findFirst().orElse(null),
                        id -> id != null);
        String calls = "/calls/" + URLEncoder.encode(callId, StandardCharsets.UTF_8);

        HttpResponse<String> list = await("GET /api/v1/calls").atMost(STARTUP).ignoreExceptions()
                .until(() -> send("GET", "/calls", AGENT), r -> r.statusCode() == 200);
        assertTrue(list.body(), list.body().contains("\"callId\":\"" + callId + "\""));
        HttpResponse<String> one = send("GET", calls, AGENT);
        assertEquals(one.body(), 200, one.statusCode());

        // not recorded by any policy: stop is refused; start waits for the answer (NOT_ANSWERED until then)
        assertRefused(send("POST", calls + "/recording/stop", AGENT), 409, "NOT_RECORDED");
        HttpResponse<String> started = await("start on demand").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).until(() -> send("POST", calls + "/recording/start", AGENT),
                        r -> !r.body().contains("NOT_ANSWERED"));
        assertEquals(started.body(), 200, started.statusCode());
        assertTrue(started.body(), started.body().contains("\"recording\":\"recording\""));
        assertTrue(started.body(), started.body().contains("\"actor\":\"" + AGENT_ACTOR + "\""));
        assertRefused(send("POST", calls + "/recording/start", AGENT), 409, "ALREADY_RECORDED");
        HttpResponse<String> recorded = send("GET", calls, AGENT);
        assertTrue(recorded.body(), recorded.body().contains("\"recording\":\"recording\"")
                && recorded.body().contains("\"srs\":\"sip:"));
        String shellCalls = execute("siprec:calls");
        assertTrue(shellCalls, shellCalls.contains("RECORDING") && shellCalls.contains("SRS"));

        // who may not: an auditor, nobody; what is not a call
        assertEquals(403, send("POST", calls + "/recording/pause", AUDITOR).statusCode());
        HttpResponse<String> anonymous = send("POST", calls + "/recording/pause", null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(400, send("POST", "/calls/a%20b/recording/pause", AGENT).statusCode());
        assertEquals(400, send("POST", "/calls/a%C3%28/recording/pause", AGENT).statusCode()); // not UTF-8
        assertEquals(400, send("POST", "/calls/a@b@c/recording/pause", AGENT).statusCode());
        assertRefused(send("POST", "/calls/no-such-call@127.0.0.1/recording/pause", AGENT), 404, "NO_SUCH_CALL");
        assertEquals(404, send("POST", calls + "/recording/begin", AGENT).statusCode());
        assertEquals(405, send("GET", calls + "/recording/pause", AGENT).statusCode());
        assertEquals(403, send("POST", calls + "/recording/pause", AGENT, "http://elsewhere.example").statusCode());

        HttpResponse<String> paused = send("POST", calls + "/recording/pause", AGENT);
        assertEquals(paused.body(), 200, paused.statusCode());
        assertTrue(paused.body(), paused.body().contains("\"recording\":\"paused\""));
        assertRefused(send("POST", calls + "/recording/pause", AGENT), 409, "ALREADY_PAUSED");
        HttpResponse<String> listedPaused = send("GET", calls, AGENT);
        assertTrue(listedPaused.body(), listedPaused.body().contains("\"recording\":\"paused\""));
        HttpResponse<String> resumed = send("POST", calls + "/recording/resume", AGENT);
        assertEquals(resumed.body(), 200, resumed.statusCode());
        assertRefused(send("POST", calls + "/recording/resume", AGENT), 409, "NOT_PAUSED");
        HttpResponse<String> stopped = send("POST", calls + "/recording/stop", ADMIN);
        assertEquals(stopped.body(), 200, stopped.statusCode());
        assertTrue(stopped.body(), stopped.body().contains("\"recording\":\"stopped\""));
        HttpResponse<String> listedStopped = send("GET", calls, AGENT);
        assertTrue(listedStopped.body(), listedStopped.body().contains("\"recording\":\"stopped\"")
                && listedStopped.body().contains("\"srs\":null"));
        assertRefused(send("POST", calls + "/recording/stop", AGENT), 409, "NOT_RECORDED");

        String callOutput = testCall.get(90, TimeUnit.SECONDS);
        assertTrue("the call went on to its end after the stop: " + callOutput,
                callOutput.contains("Looking for the recording") && !callOutput.contains("The test call failed"));
        // the SRC's audit trail (store.audit_events) names the portal user and address of each action
        SiprecDatabase db = service(SiprecDatabase.class);
        List<String> audit = await("the audit trail of " + callId).atMost(Duration.ofSeconds(10))
                .until(() -> query(db, "SELECT event || '|' || detail FROM store.audit_events WHERE call_id = ?"
                        + " ORDER BY id", callId), a -> a.stream().anyMatch(e -> e.startsWith("recording.stopped|")));
        String all = String.join("\n", audit);
        assertTrue(all, all.contains("on demand by " + AGENT_ACTOR));
        assertTrue(all, audit.stream().anyMatch(e -> e.startsWith("recording.paused|by " + AGENT_ACTOR)));
        assertTrue(all, audit.stream().anyMatch(e -> e.startsWith("recording.resumed|by " + AGENT_ACTOR)));
        assertTrue(all, audit.stream().anyMatch(e -> e.startsWith("recording.stopped|")
                && e.contains("on demand by portal:karaf@127.0.0.1")));
    }

    @Test
    public void aCompanyAndAUserProvisionedOverHttpAreAnsweredByTheDirectory() throws Exception {
        HttpResponse<String> absent = await("GET /api/v1/companies").atMost(STARTUP).ignoreExceptions()
                .until(() -> send("GET", "/companies", ADMIN), r -> r.statusCode() == 503 || r.statusCode() == 200);
        if (context.getServiceReference(SubscriberDirectory.class) == null) {
            assertEquals("without the directory: " + absent.body(), 503, absent.statusCode());
            service(FeaturesService.class).installFeature("siprec-directory");
        }
        SubscriberDirectory directory = service(SubscriberDirectory.class);
        await("the portal binds the directory").atMost(STARTUP)
                .until(() -> send("GET", "/companies", ADMIN).statusCode() == 200);

        String acme = "{\"name\": \"ACME SA\", \"zone\": \"Europe/Paris\", \"country_code\": \"33\","
                + " \"office_hours\": \"mon-fri 09:00-18:00\", \"internal_ranges\": [\"01 40 00*\"]}";
        HttpResponse<String> added = send("PUT", "/companies/acme", ADMIN, null, acme);
        assertEquals(added.body(), 201, added.statusCode());
        assertTrue(added.body(), added.body().contains("\"internal_ranges\":[\"+3314000*\"]"));
        assertEquals(200, send("PUT", "/companies/acme", ADMIN, null, acme).statusCode());
        assertEquals("Europe/Paris", directory.company("acme").orElseThrow().zone().getId());
        String shown = execute("siprec:company-show acme");
        assertTrue(shown, shown.contains("ACME SA") && shown.contains("mon-fri 09:00-18:00"));

        HttpResponse<String> badZone = send("PUT", "/companies/beta", ADMIN, null,
                "{\"zone\": \"Europe/Pariss\", \"country_code\": \"33\"}");
        assertEquals(badZone.body(), 400, badZone.statusCode());
        assertTrue(badZone.body(), badZone.body().contains("field zone: unknown time zone 'Europe/Pariss'"));
        assertEquals(400, send("PUT", "/companies/beta", ADMIN, null, "{\"id\": \"gamma\", \"zone\": \"UTC\","
                + " \"country_code\": \"1\"}").statusCode());
        assertEquals(400, send("PUT", "/companies/beta", ADMIN, null, "[1, 2]").statusCode());
        assertEquals(400, send("GET", "/companies/-bad", ADMIN).statusCode());
        assertEquals(404, send("GET", "/companies/beta", ADMIN).statusCode());
        assertEquals(403, send("GET", "/companies", AGENT).statusCode());

        HttpResponse<String> alice = send("PUT", "/subscribers/alice", ADMIN, null, "{\"company\": \"acme\","
                + " \"name\": \"Alice\", \"profile\": \"originating\", \"numbers\": [\"01 40 00 12 34\", \"sip:alice@acme.example\"]}");
        assertEquals(alice.body(), 201, alice.statusCode());
        assertTrue(alice.body(), alice.body().contains("\"numbers\":[\"+33140001234\",\"sip:alice@acme.example\"]"));
        assertEquals("alice", directory.subscriber("+33140001234").orElseThrow().id());
        for (String key : List.of("alice", "%2B33140001234", "sip:alice@acme.example", "01%2040%2000%2012%2034")) {
            HttpResponse<String> found = send("GET", "/subscribers/" + key, ADMIN);
            assertEquals(key + ": " + found.body(), 200, found.statusCode());
            assertTrue(found.body(), found.body().contains("\"id\":\"alice\""));
        }
        HttpResponse<String> ofAcme = send("GET", "/subscribers?company=acme", ADMIN);
        assertTrue(ofAcme.body(), ofAcme.body().contains("\"id\":\"alice\""));
        assertEquals(404, send("GET", "/subscribers?company=nope", ADMIN).statusCode());
        assertEquals(400, send("GET", "/subscribers?firm=acme", ADMIN).statusCode());
        HttpResponse<String> noCompany = send("PUT", "/subscribers/bob", ADMIN, null, "{\"company\": \"nope\"}");
        assertEquals(noCompany.body(), 400, noCompany.statusCode());
        assertTrue(noCompany.body(), noCompany.body().contains("unknown company 'nope'"));
        HttpResponse<String> taken = send("PUT", "/subscribers/bob", ADMIN, null,
                "{\"company\": \"acme\", \"numbers\": [\"+33140001234\"]}");
        assertEquals(taken.body(), 400, taken.statusCode());
        assertTrue(taken.body(), taken.body().contains("already belongs to user alice"));

        HttpResponse<String> hasUsers = send("DELETE", "/companies/acme", ADMIN);
        assertEquals(hasUsers.body(), 409, hasUsers.statusCode());
        assertTrue(hasUsers.body(), hasUsers.body().contains("cascade=true"));
        assertEquals(204, send("DELETE", "/subscribers/sip:alice@acme.example", ADMIN).statusCode());
        assertTrue(directory.subscriber("+33140001234").isEmpty());
        assertEquals(204, send("DELETE", "/companies/acme", ADMIN).statusCode());
        assertEquals(404, send("DELETE", "/companies/acme", ADMIN).statusCode());
        assertTrue(directory.company("acme").isEmpty());

        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertTrue("who provisioned, in karaf.log", log.contains("Portal: company acme added by portal:karaf@127.0.0.1"));
        assertTrue("who removed, in karaf.log", log.contains("Portal: user alice removed by portal:karaf@127.0.0.1"));
    }

    @Test
    public void aCompanyAdminProvisionsItsOwnCompanysUsersAndNothingElse() throws Exception {
        HttpResponse<String> first = await("GET /api/v1/companies").atMost(STARTUP).ignoreExceptions()
                .until(() -> send("GET", "/companies", ADMIN), r -> r.statusCode() == 503 || r.statusCode() == 200);
        if (context.getServiceReference(SubscriberDirectory.class) == null) {
            assertEquals("without the directory: " + first.body(), 503, first.statusCode());
            service(FeaturesService.class).installFeature("siprec-directory");
        }
        SubscriberDirectory directory = service(SubscriberDirectory.class);
        await("the portal binds the directory").atMost(STARTUP)
                .until(() -> send("GET", "/companies", ADMIN).statusCode() == 200);
        String company = "{\"zone\": \"Europe/Paris\", \"country_code\": \"33\"}";
        assertEquals(201, send("PUT", "/companies/alpha", ADMIN, null, company).statusCode());
        assertEquals(201, send("PUT", "/companies/bravo", ADMIN, null, company).statusCode());
        assertEquals(201, send("PUT", "/subscribers/bravo-bob", ADMIN, null,
                "{\"company\": \"bravo\", \"numbers\": [\"+33150001111\"]}").statusCode());

        // its own company: read, not changed; another company: as unknown
        HttpResponse<String> companies = send("GET", "/companies", ALPHA_ADMIN);
        assertEquals(companies.body(), 200, companies.statusCode());
        assertTrue(companies.body(), companies.body().contains("\"id\":\"alpha\"") && !companies.body().contains("bravo"));
        assertEquals(200, send("GET", "/companies/alpha", ALPHA_ADMIN).statusCode());
        assertNotFound(send("GET", "/companies/bravo", ALPHA_ADMIN), "no company 'bravo'");
        assertNotFound(send("GET", "/companies/nope", ALPHA_ADMIN), "no company 'nope'");
        assertEquals(403, send("PUT", "/companies/alpha", ALPHA_ADMIN, null, company).statusCode());
        assertEquals(403, send("DELETE", "/companies/alpha", ALPHA_ADMIN).statusCode());
        assertNotFound(send("PUT", "/companies/bravo", ALPHA_ADMIN, null, company), "no company 'bravo'");
        assertNotFound(send("DELETE", "/companies/bravo?cascade=true", ALPHA_ADMIN), "no company 'bravo'");
        assertTrue(directory.company("bravo").isPresent());

        // its own company's users: added, read, listed, replaced, removed
        HttpResponse<String> ann = send("PUT", "/subscribers/alpha-ann", ALPHA_ADMIN, null,
                "{\"company\": \"alpha\", \"numbers\": [\"01 50 00 22 22\"]}");
        assertEquals(ann.body(), 201, ann.statusCode());
        assertEquals("alpha-ann", directory.subscriber("+33150002222").orElseThrow().id());
        assertEquals(200, send("GET", "/subscribers/%2B33150002222", ALPHA_ADMIN).statusCode());
        assertEquals(200, send("PUT", "/subscribers/alpha-ann", ALPHA_ADMIN, null,
                "{\"company\": \"alpha\", \"name\": \"Ann\", \"numbers\": [\"01 50 00 22 22\"]}").statusCode());
        HttpResponse<String> users = send("GET", "/subscribers", ALPHA_ADMIN);
        assertTrue(users.body(), users.body().contains("\"id\":\"alpha-ann\"") && !users.body().contains("bravo"));
        assertEquals(200, send("GET", "/subscribers?company=alpha", ALPHA_ADMIN).statusCode());
        assertNotFound(send("GET", "/subscribers?company=bravo", ALPHA_ADMIN), "no company 'bravo'");

        // another company's user: as unknown, by id or number, for every method; not moved, not created there
        assertNotFound(send("GET", "/subscribers/bravo-bob", ALPHA_ADMIN), "no user with id, number or AOR 'bravo-bob'");
        assertNotFound(send("GET", "/subscribers/%2B33150001111", ALPHA_ADMIN),
                "no user with id, number or AOR '+33150001111'");
        assertNotFound(send("DELETE", "/subscribers/bravo-bob", ALPHA_ADMIN), "no user with id, number or AOR 'bravo-bob'");
        assertNotFound(send("PUT", "/subscribers/bravo-bob", ALPHA_ADMIN, null, "{\"company\": \"alpha\"}"),
                "no user with id, number or AOR 'bravo-bob'");
        assertEquals("bravo", directory.subscriber("+33150001111").orElseThrow().companyId());
        for (String id : List.of("alpha-ann", "alpha-new")) {
            HttpResponse<String> moved = send("PUT", "/subscribers/" + id, ALPHA_ADMIN, null, "{\"company\": \"bravo\"}");
            assertEquals(moved.body(), 403, moved.statusCode());
            assertTrue(moved.body(), moved.body().contains("only within its own company [alpha]"));
        }
        assertEquals("alpha", directory.subscriber("+33150002222").orElseThrow().companyId());
        HttpResponse<String> taken = send("PUT", "/subscribers/alpha-cal", ALPHA_ADMIN, null,
                "{\"company\": \"alpha\", \"numbers\": [\"+33150001111\"]}");
        assertEquals(taken.body(), 400, taken.statusCode());
        assertTrue(taken.body(), taken.body().contains("already belongs to another user") && !taken.body().contains("bob"));
        assertEquals(403, send("GET", "/subscribers", AGENT).statusCode());

        assertEquals(204, send("DELETE", "/subscribers/alpha-ann", ALPHA_ADMIN).statusCode());
        assertTrue(directory.subscriber("+33150002222").isEmpty());
        assertEquals(204, send("DELETE", "/companies/alpha", ADMIN).statusCode());
        assertEquals(204, send("DELETE", "/companies/bravo?cascade=true", ADMIN).statusCode());
        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        assertTrue("who removed, in karaf.log",
                log.contains("Portal: user alpha-ann removed by portal:itest-alpha-admin@127.0.0.1"));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void assertNotFound(HttpResponse<String> r, String message) {
        assertEquals(r.body(), 404, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"message\":\"" + message + "\""));
    }

    private static void assertRefused(HttpResponse<String> r, int status, String reason) {
        assertEquals(r.body(), status, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"reason\":\"" + reason + "\""));
        assertTrue(r.body(), !r.body().contains("Exception"));
    }


    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        return send(method, path, authorization, null, null);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String origin) throws Exception {
        return send(method, path, authorization, origin, null);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String origin, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(15));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private <S> S service(Class<S> type) {
        return InContainer.service(context, type);
    }

    private boolean commandAvailable(String name) {
        return InContainer.commandAvailable(context, name);
    }

    /** {@link InContainer#execute}, a failure as text (the background test call reads it). */
    private String execute(String command) {
        try {
            return InContainer.execute(context, command);
        } catch (Exception e) {
            return "command failed: " + e;
        }
    }
}
