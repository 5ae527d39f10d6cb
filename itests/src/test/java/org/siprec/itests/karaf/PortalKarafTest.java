package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
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
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.apache.karaf.features.FeaturesService;
import org.siprec.api.catalog.ArchivedRecording;
import org.siprec.api.catalog.RecordingArchive;
import org.siprec.api.catalog.RecordingQuery;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.api.catalog.StoredRecording;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.exam.KarafExamOptions;

/**
 * The portal's REST API (boot feature {@code siprec-portal}) in the distribution booted by Pax Exam, over HTTP on
 * {@link KarafExamOptions#HTTP_PORT} with {@link HttpClient}: a call recorded by the embedded SRS
 * ({@code siprec:test-call}) is found by a search on its party, read with its parties, state and checksum, its audio
 * downloaded byte for byte as on disk, a Range of it answered 206 with exactly those bytes, a bad range 416; no
 * credentials and a wrong password 401, a user without a portal role 403, an auditor may read but not hold; the hold
 * set and cleared through the API shows in the catalogue and the audit trail (with user and address), a refused login is
 * logged without its password; unknown and
 * traversal-looking ids 404/400, a bad query value 400 naming it; {@code /api/v1/openapi.json} without credentials.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PortalKarafTest {
    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration CHANGE = Duration.ofSeconds(20);
    private static final Pattern RECORDING = Pattern.compile("Recording (\\S+) \\(");
    private static final String API = "http://127.0.0.1:" + KarafExamOptions.HTTP_PORT + "/api/v1";
    private static final String ADMIN = basic("karaf", "karaf");
    private static final String AUDITOR = basic("itest-auditor", "auditor-pw");
    private static final String VIEWER = basic("itest-viewer", "viewer-pw");
    private static final String ACME_ADMIN = basic("itest-acme-admin", "acme-admin-pw");
    private static final String ALICE = basic("itest-alice", "alice-pw");
    private static final String BOB = basic("itest-bob", "bob-pw");
    private static final String BETA_NUMBER = "+4940555";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        // two more users of the karaf realm: a read-only auditor, and one with no portal role
        return KarafExamOptions.siprecDistribution(
                editConfigurationFilePut("etc/users.properties", "itest-auditor", "auditor-pw,auditor"),
                editConfigurationFilePut("etc/users.properties", "itest-viewer", "viewer-pw,viewer"),
                // company-scoped users: the admin of company acme, the test caller (acme) and a user of company beta
                editConfigurationFilePut("etc/users.properties", "itest-acme-admin",
                        "acme-admin-pw,company-admin,company:acme"),
                editConfigurationFilePut("etc/users.properties", "itest-alice",
                        "alice-pw,company-user,company:acme,subscriber:sip:test-caller@127.0.0.1"),
                editConfigurationFilePut("etc/users.properties", "itest-bob",
                        "bob-pw,company-user,company:beta,subscriber:" + BETA_NUMBER));
    }

    @Test
    public void aRecordedCallIsFoundReadStreamedWithRangesAndHeldThroughTheApi() throws Exception {
        await("siprec:test-call").atMost(STARTUP).until(() -> commandAvailable("siprec:test-call"));
        Instant before = Instant.now().minusSeconds(1);
        String call = execute("siprec:test-call --seconds 2");
        Matcher m = RECORDING.matcher(call);
        assertTrue(call, m.find());
        String id = m.group(1);
        RecordingQuery catalogue = service(RecordingQuery.class);
        StoredRecording stored = await("recording " + id + " completed in the catalogue").atMost(CHANGE)
                .until(() -> catalogue.find(id).orElse(null), r -> r != null && r.state().equals("completed"));
        Path wav = stored.audio().orElseThrow().path();
        byte[] onDisk = Files.readAllBytes(wav);

        // search: by a part of a party's address, in a time range, by state; a search that must miss
        HttpResponse<String> found = await("GET /api/v1/recordings").atMost(STARTUP).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> get("/recordings?party=test-caller&state=completed&from="
                        + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8), ADMIN), r -> r.statusCode() == 200);
        assertTrue(found.body(), found.body().contains("\"total\":1"));
        assertTrue(found.body(), found.body().contains("\"id\":\"" + id + "\""));
        HttpResponse<String> missed = get("/recordings?party=nobody-like-this", ADMIN);
        assertEquals(200, missed.statusCode());
        assertTrue(missed.body(), missed.body().contains("\"total\":0") && missed.body().contains("\"recordings\":[]"));

        // one recording: parties, state, checksum of the audio as on disk; no server path shown
        HttpResponse<String> one = get("/recordings/" + id, AUDITOR);
        assertEquals(one.body(), 200, one.statusCode());
        assertTrue(one.body(), one.body().contains("\"state\":\"completed\""));
        assertTrue(one.body(), one.body().contains("sip:test-caller@127.0.0.1"));
        assertTrue(one.body(), one.body().contains("\"sha256\":\"" + sha256(onDisk) + "\""));
        assertTrue(one.body(), one.body().contains("\"hold\":null"));
        assertTrue(one.body(), !one.body().contains(wav.getParent().toString()));

        // the audio: whole, a range, a suffix range, a range beyond the end
        HttpResponse<byte[]> audio = getBytes("/recordings/" + id + "/audio", AUDITOR, null);
        assertEquals(200, audio.statusCode());
        assertEquals("audio/wav", audio.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(onDisk, audio.body());
        HttpResponse<byte[]> part = getBytes("/recordings/" + id + "/audio", ADMIN, "bytes=100-1099");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-1099/" + onDisk.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(onDisk, 100, 1100), part.body());
        HttpResponse<byte[]> tail = getBytes("/recordings/" + id + "/audio", ADMIN, "bytes=-44");
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(onDisk, onDisk.length - 44, onDisk.length), tail.body());
        HttpResponse<byte[]> beyond = getBytes("/recordings/" + id + "/audio", ADMIN, "bytes=" + onDisk.length + "-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */" + onDisk.length, beyond.headers().firstValue("Content-Range").orElse(""));

        // authentication and roles
        HttpResponse<String> anonymous = get("/recordings/" + id, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
        assertEquals(401, get("/recordings/" + id, basic("karaf", "not-the-password")).statusCode());
        assertEquals(401, getBytes("/recordings/" + id + "/audio", basic("karaf", "wrong"), null).statusCode());
        HttpResponse<String> viewer = get("/recordings/" + id, VIEWER);
        assertEquals(viewer.body(), 403, viewer.statusCode());
        assertEquals(403, send("PUT", "/recordings/" + id + "/hold", AUDITOR, "").statusCode());
        assertNull("the auditor's PUT changed nothing", catalogue.find(id).orElseThrow().hold());

        HttpResponse<String> crossSite = http.send(request("/recordings/" + id + "/hold", ADMIN)
                .header("Origin", "http://evil.example").PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(crossSite.body(), 403, crossSite.statusCode());
        assertNull("the cross-site PUT changed nothing", catalogue.find(id).orElseThrow().hold());

        // legal hold through the API: in the catalogue, audited with user and address
        HttpResponse<String> held = send("PUT", "/recordings/" + id + "/hold", ADMIN, "{\"reason\":\"case 42\"}");
        assertEquals(held.body(), 200, held.statusCode());
        StoredRecording.Hold hold = catalogue.find(id).orElseThrow().hold();
        assertNotNull("on hold in the catalogue", hold);
        assertEquals("portal:karaf@127.0.0.1", hold.actor());
        assertEquals("case 42", hold.reason());
        assertTrue(get("/recordings/" + id, AUDITOR).body().contains("\"reason\":\"case 42\""));
        HttpResponse<String> cleared = http.send(request("/recordings/" + id + "/hold", ADMIN)
                .header("Origin", "http://127.0.0.1:" + KarafExamOptions.HTTP_PORT).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("DELETE from the API's own origin", 200, cleared.statusCode());
        assertNull("hold cleared", catalogue.find(id).orElseThrow().hold());

        // the audit trail: each audio fetch (not the refused range) and each hold change, with user and address
        SiprecDatabase db = service(SiprecDatabase.class);
        assertEquals(List.of("portal.audio|portal:itest-auditor@127.0.0.1", "portal.audio|portal:karaf@127.0.0.1",
                "portal.audio|portal:karaf@127.0.0.1", "hold.set|portal:karaf@127.0.0.1",
                "hold.cleared|portal:karaf@127.0.0.1"), query(db, "SELECT event || '|' || actor FROM store.audit_events"
                        + " WHERE recording_id = ? ORDER BY id", id));
        List<String> details = query(db, "SELECT detail FROM store.audit_events WHERE recording_id = ? AND event ="
                + " 'portal.audio' ORDER BY id", id);
        assertTrue(details.toString(), details.get(1).startsWith("bytes 100-1099 of " + onDisk.length + " ("
                + wav.getFileName() + ") sent to karaf from 127.0.0.1"));

        // a refused login is logged by user and address, its password never
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        await("the refused login in " + log).atMost(CHANGE).until(() -> Files.readString(log)
                .contains("Portal: login of user karaf from 127.0.0.1 refused"));
        String logged = Files.readString(log);
        for (String password : List.of("not-the-password", "auditor-pw", "viewer-pw")) {
            assertTrue("password " + password + " in karaf.log", !logged.contains(password));
        }

        // ids and query values the API refuses
        HttpResponse<String> unknown = get("/recordings/20991231-000000-00000000", ADMIN);
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("no recording 20991231-000000-00000000"));
        for (String traversal : List.of("/recordings/..%2F..%2Fetc%2Fpasswd/audio", "/recordings/.hidden/audio",
                "/recordings/%2e%2e/audio", "/recordings/a%5Cb/audio")) {
            int status = getBytes(traversal, ADMIN, null).statusCode();
            assertTrue(traversal + " gave " + status, status == 400 || status == 404);
        }
        // the OpenAPI description needs no credentials
        HttpResponse<String> openApi = get("/openapi.json", null);
        assertEquals(200, openApi.statusCode());
        assertTrue(openApi.body(), openApi.body().contains("\"/recordings/{id}/audio\""));

        HttpResponse<String> badState = get("/recordings?state=done", ADMIN);
        assertEquals(400, badState.statusCode());
        assertTrue(badState.body(), badState.body().contains("state"));
        assertTrue(badState.body(), !badState.body().contains("Exception"));
    }

    @Test
    public void companyScopedRolesMetadataDownloadAuditTrailFiltersAndDelete() throws Exception {
        // the directory says whose the parties are: the test caller is acme's, +4940555 beta's
        service(FeaturesService.class).installFeature("siprec-directory");
        await("siprec:company-add").atMost(STARTUP).until(() -> commandAvailable("siprec:company-add"));
        await("siprec:test-call").atMost(STARTUP).until(() -> commandAvailable("siprec:test-call"));
        for (String command : List.of("siprec:company-add --name ACME --zone Europe/Paris --country 33 acme",
                "siprec:company-add --name Beta --zone Europe/Berlin --country 49 beta",
                "siprec:user-add --company acme alice sip:test-caller@127.0.0.1",
                "siprec:user-add --company beta bob " + BETA_NUMBER)) {
            String out = execute(command);
            assertTrue(command + ": " + out, out.startsWith("Added"));
        }
        SubscriberDirectory directory = service(SubscriberDirectory.class);
        assertEquals("acme", directory.subscriber("sip:test-caller@127.0.0.1").orElseThrow().companyId());
        // the catalogue takes the company from the directory it has bound: wait for SCR to bind it (installing the
        // feature may restart the store's component)
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        await("the catalogue bound to the directory").atMost(CHANGE).until(() -> scr.getComponentDescriptionDTOs()
                .stream().filter(d -> d.name.equals("org.siprec.store.jdbc.JdbcRecordingStore"))
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE && Arrays.stream(c.satisfiedReferences)
                        .anyMatch(r -> r.name.equals("directory") && r.boundServices.length > 0)));
        RecordingQuery catalogue = service(RecordingQuery.class);

        // acme's recording: a test call; beta's: handed to the catalogue as the embedded SRS does, its company found
        // by the directory from its party
        Instant before = Instant.now().minusSeconds(1);
        Matcher m = RECORDING.matcher(execute("siprec:test-call --seconds 1"));
        assertTrue(m.find());
        String acme = m.group(1);
        StoredRecording acmeRec = await("recording " + acme + " completed").atMost(CHANGE)
                .until(() -> catalogue.find(acme).orElse(null), r -> r != null && r.state().equals("completed"));
        assertEquals("the directory gave the company", "acme", acmeRec.company());
        List<StoredRecording.File> documents = acmeRec.files().stream().filter(f -> f.kind().equals("metadata"))
                .toList();
        assertTrue("metadata documents of " + acme, !documents.isEmpty());
        Path dir = Path.of(System.getProperty("karaf.data"), "itest-beta");
        Files.createDirectories(dir);
        Path betaWav = Files.write(dir.resolve("beta.wav"), Files.readAllBytes(acmeRec.audio().orElseThrow().path()));
        Path betaXml = Files.writeString(dir.resolve("beta-metadata-1.xml"), "<recording xmlns=\"urn:ietf:params:xml:ns"
                + ":recording:1\"/>");
        String beta = "itest-beta-" + System.nanoTime();
        Instant hourAgo = Instant.now().minusSeconds(3600);
        service(RecordingArchive.class).ended(new ArchivedRecording(beta, "completed", "rs-" + beta, List.of(),
                "127.0.0.1:5060", null, "term", List.of(new ArchivedRecording.Party("tel:" + BETA_NUMBER, "Bob"),
                        new ArchivedRecording.Party("sip:someone@example.com", null)), hourAgo, hourAgo.plusSeconds(90),
                "PCMU", "BYE", List.of(new ArchivedRecording.StoredFile(betaWav, "audio", Files.size(betaWav),
                        sha256(Files.readAllBytes(betaWav))), new ArchivedRecording.StoredFile(betaXml, "metadata",
                                Files.size(betaXml), sha256(Files.readAllBytes(betaXml))))));
        assertEquals("beta", await("recording " + beta).atMost(CHANGE).until(() -> catalogue.find(beta).orElse(null),
                r -> r != null).company());

        // company-admin of acme: acme's recordings only; beta's is unknown to it (404), and not counted
        HttpResponse<String> acmeSearch = get("/recordings?size=500", ACME_ADMIN);
        assertEquals(acmeSearch.body(), 200, acmeSearch.statusCode());
        assertTrue(acmeSearch.body(), acmeSearch.body().contains("\"id\":\"" + acme + "\""));
        assertTrue(acmeSearch.body(), !acmeSearch.body().contains(beta));
        assertTrue(acmeSearch.body(), !acmeSearch.body().contains("\"company\":null"));
        assertTrue(get("/recordings?company=beta", ACME_ADMIN).body().contains("\"total\":0"));
        assertEquals(200, get("/recordings/" + acme, ACME_ADMIN).statusCode());
        HttpResponse<String> foreign = get("/recordings/" + beta, ACME_ADMIN);
        assertEquals(foreign.body(), 404, foreign.statusCode());
        assertTrue(foreign.body(), foreign.body().contains("no recording " + beta));
        assertEquals(404, getBytes("/recordings/" + beta + "/audio", ACME_ADMIN, null).statusCode());
        assertEquals(404, get("/recordings/" + beta + "/metadata", ACME_ADMIN).statusCode());
        assertEquals(403, send("PUT", "/recordings/" + acme + "/hold", ACME_ADMIN, "").statusCode());
        assertEquals(403, send("DELETE", "/recordings/" + acme, ACME_ADMIN, "").statusCode());

        // company-user: own calls only (by the subscriber:<aor/number> principal)
        HttpResponse<String> own = get("/recordings?from=" + URLEncoder.encode(before.toString(),
                StandardCharsets.UTF_8), ALICE);
        assertTrue(own.body(), own.body().contains("\"total\":1") && own.body().contains(acme));
        assertEquals(200, get("/recordings/" + acme, ALICE).statusCode());
        assertEquals(404, get("/recordings/" + beta, ALICE).statusCode());
        assertEquals(404, getBytes("/recordings/" + beta + "/audio", ALICE, null).statusCode());
        HttpResponse<String> bobs = get("/recordings", BOB);
        assertTrue(bobs.body(), bobs.body().contains("\"total\":1") && bobs.body().contains(beta));
        assertEquals(404, get("/recordings/" + acme, BOB).statusCode());
        assertEquals(200, getBytes("/recordings/" + beta + "/audio", BOB, null).statusCode());
        assertEquals(401, get("/recordings/" + beta, basic("itest-bob", "alice-pw")).statusCode());

        // the audit trail: for the auditor and the operator, not for company roles
        HttpResponse<String> audited = get("/recordings/" + beta, AUDITOR);
        assertTrue(audited.body(), audited.body().contains("\"event\":\"portal.audio\"")
                && audited.body().contains("\"actor\":\"portal:itest-bob@127.0.0.1\""));
        // the auditor's trail of the test call has the SRC's decision of the call (saved when its session ended)
        await("the decision in the audit trail of " + acme).atMost(CHANGE).until(() -> get("/recordings/" + acme,
                AUDITOR).body(), b -> b.contains("\"event\":\"decision\""));
        HttpResponse<String> bobsView = get("/recordings/" + beta, BOB);
        assertTrue(bobsView.body(), !bobsView.body().contains("\"audit\""));
        // the decision as a field: for the company admin (decision.roles) with the verdict and each policy's part, the
        // direction from the SRC's session case (the SRC's row is there), never paused; not for a company user
        String acmeView = await("the decision of " + acme).atMost(CHANGE).until(() -> get("/recordings/" + acme,
                ACME_ADMIN).body(), b -> b.contains("\"decision\":{\"decision\":\"RECORD\""));
        assertTrue(acmeView, acmeView.contains("\"reasons\":[\"") && acmeView.contains("\"pauses\":[]"));
        assertTrue(acmeView, acmeView.matches("(?s).*\"direction\":\"(orig|term)\".*"));
        assertTrue(acmeView, !acmeView.contains("\"audit\""));
        assertTrue(bobsView.body(), !bobsView.body().contains("\"decision\"") && bobsView.body().contains("\"pauses\":[]"));

        // metadata XML: the latest document by default, the n-th by number, as on disk; attachment on request
        HttpResponse<byte[]> latest = getBytes("/recordings/" + acme + "/metadata", ALICE, null);
        assertEquals(200, latest.statusCode());
        assertEquals("application/rs-metadata+xml", latest.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(Files.readAllBytes(documents.get(documents.size() - 1).path()), latest.body());
        HttpResponse<byte[]> first = getBytes("/recordings/" + acme + "/metadata/1?download=1", ADMIN, null);
        assertArrayEquals(Files.readAllBytes(documents.get(0).path()), first.body());
        assertEquals("attachment; filename=\"" + acme + "-metadata-1.xml\"",
                first.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals(404, get("/recordings/" + acme + "/metadata/" + (documents.size() + 1), ADMIN).statusCode());
        HttpResponse<String> badN = get("/recordings/" + acme + "/metadata/first", ADMIN);
        assertEquals(badN.body(), 400, badN.statusCode());
        HttpResponse<byte[]> download = getBytes("/recordings/" + acme + "/audio?download=1", ADMIN, null);
        assertEquals(200, download.statusCode());
        assertEquals("attachment; filename=\"" + acme + ".wav\"",
                download.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals(400, get("/recordings/" + acme + "/audio?download=maybe", ADMIN).statusCode());
        SiprecDatabase db = service(SiprecDatabase.class);
        assertEquals(List.of("portal:itest-alice@127.0.0.1", "portal:karaf@127.0.0.1"), query(db, "SELECT actor FROM"
                + " store.audit_events WHERE recording_id = ? AND event = 'portal.metadata' ORDER BY id", acme));

        // search filters: served user, direction, duration, sort; bad values name the parameter
        assertTrue(get("/recordings?user=" + URLEncoder.encode(BETA_NUMBER, StandardCharsets.UTF_8), ADMIN).body()
                .contains(beta));
        assertTrue(get("/recordings?direction=term&minDuration=60&maxDuration=120", ADMIN).body().contains(beta));
        HttpResponse<String> sorted = get("/recordings?sort=duration&order=desc&size=500", ADMIN);
        assertTrue(sorted.body(), sorted.body().indexOf(beta) < sorted.body().indexOf(acme));
        for (String bad : List.of("minDuration=-1", "maxDuration=ten", "direction=inbound", "sort=size", "order=up",
                "user=" + "x".repeat(200))) {
            HttpResponse<String> r = get("/recordings?" + bad, ADMIN);
            assertEquals(bad + ": " + r.body(), 400, r.statusCode());
            String name = bad.substring(0, bad.indexOf('='));
            assertTrue(r.body(), r.body().contains("\"message\":\"" + name + ":"));
            assertTrue(r.body(), !r.body().contains("Exception") && !r.body().contains("\tat "));
        }

        // delete: never on hold (409), not by the auditor nor cross-site; then files and row gone, audited
        Path acmeWav = acmeRec.audio().orElseThrow().path();
        assertEquals(403, send("DELETE", "/recordings/" + acme, AUDITOR, "").statusCode());
        assertEquals(200, send("PUT", "/recordings/" + acme + "/hold", ADMIN, "{\"reason\":\"case 9\"}").statusCode());
        HttpResponse<String> held = send("DELETE", "/recordings/" + acme, ADMIN, "");
        assertEquals(held.body(), 409, held.statusCode());
        assertTrue(held.body(), held.body().contains("legal hold"));
        assertTrue("nothing deleted while on hold", Files.exists(acmeWav));
        assertEquals(200, send("DELETE", "/recordings/" + acme + "/hold", ADMIN, "").statusCode());
        HttpResponse<String> crossSite = http.send(request("/recordings/" + acme, ADMIN)
                .header("Origin", "http://evil.example").DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, crossSite.statusCode());
        HttpResponse<String> deleted = send("DELETE", "/recordings/" + acme, ADMIN, "");
        assertEquals(deleted.body(), 200, deleted.statusCode());
        assertTrue(deleted.body(), deleted.body().contains("\"deleted\":true"));
        assertTrue("the audio file is deleted", !Files.exists(acmeWav));
        for (StoredRecording.File f : documents) {
            assertTrue(f.path() + " deleted", !Files.exists(f.path()));
        }
        assertEquals(404, get("/recordings/" + acme, ADMIN).statusCode());
        assertEquals(404, send("DELETE", "/recordings/" + acme, ADMIN, "").statusCode());
        assertEquals(List.of("recording.deleted|portal:karaf@127.0.0.1"), query(db, "SELECT event || '|' || actor FROM"
                + " store.audit_events WHERE recording_id = ? AND event = 'recording.deleted'", acme));
        assertEquals(400, send("DELETE", "/recordings/.hidden", ADMIN, "").statusCode());
        assertEquals(405, send("POST", "/recordings/" + beta, ADMIN, "").statusCode());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(API + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return http.send(request(path, authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path, String authorization, String range) throws Exception {
        HttpRequest.Builder b = request(path, authorization).GET();
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        return http.send(request(path, authorization).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private <S> S service(Class<S> type) {
        return InContainer.service(context, type);
    }

    private boolean commandAvailable(String name) {
        return InContainer.commandAvailable(context, name);
    }

    private String execute(String command) throws Exception {
        return InContainer.execute(context, command);
    }
}
