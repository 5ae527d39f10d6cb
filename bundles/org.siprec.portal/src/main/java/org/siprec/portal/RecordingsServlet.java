package org.siprec.portal;

import static org.siprec.portal.ApiResponses.actor;
import static org.siprec.portal.ApiResponses.allow;
import static org.siprec.portal.ApiResponses.error;
import static org.siprec.portal.ApiResponses.json;
import static org.siprec.portal.ApiResponses.need;
import static org.siprec.portal.ApiResponses.roles;
import static org.siprec.portal.ApiResponses.sameOrigin;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.catalog.CatalogException;
import org.siprec.api.catalog.Deletion;
import org.siprec.api.catalog.RecordingContent;
import org.siprec.api.catalog.RecordingQuery;
import org.siprec.api.catalog.StoredRecording;
import org.siprec.api.catalog.UnreadableContentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API over the recording catalogue, {@code /api/v1/*} on the HTTP whiteboard (docs/portal.md):
 * <ul>
 * <li>{@code GET /api/v1/recordings?party=&company=&from=&to=&state=&page=&size=}: search, latest start first</li>
 * <li>{@code GET /api/v1/recordings/{id}}: one recording (parties, files with SHA-256, state, hold)</li>
 * <li>{@code GET /api/v1/recordings/{id}/audio}: its WAV, with HTTP Range (206 / 416); audited</li>
 * <li>{@code GET /api/v1/recordings/{id}/metadata[/{n}]}: its RFC 7865 metadata document(s); audited</li>
 * <li>{@code PUT} / {@code DELETE /api/v1/recordings/{id}/hold}: set / clear its legal hold; audited</li>
 * <li>{@code DELETE /api/v1/recordings/{id}}: delete it (files and rows); audited</li>
 * </ul>
 * Every request logs in with HTTP Basic to the JAAS realm (no session is kept); reading needs one of the read roles,
 * the hold one of the hold roles, deletion one of the delete roles; each user sees only the recordings of its
 * {@link AccessScope} (another company's recording is a 404). The file sent is always the one the catalogue row names: an id only selects a
 * row, and must match {@link #ID} to be looked up at all.
 */
@Component(service = Servlet.class, configurationPid = PortalConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PortalConfig.class)
@HttpWhiteboardServletPattern("/api/v1/*")
@HttpWhiteboardServletName("siprec-portal-api")
public class RecordingsServlet extends HttpServlet {
    /** The ids the embedded SRS gives (e.g. {@code 20261203T080512123-1a2b3c4d}): no slash, no leading dot. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final String AUDIO_EVENT = "portal.audio";
    static final String METADATA_EVENT = "portal.metadata";
    /** The media type of RFC 7865 recording metadata (RFC 7866 section 12.2). */
    static final String METADATA_TYPE = "application/rs-metadata+xml";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecordingsServlet.class);
    private static final int MAX_BODY = 4096;
    /** Metadata documents are a few kB; a bigger file is not what the catalogue named. */
    private static final long MAX_METADATA = 16L << 20;
    /** The OpenAPI 3.0 description, served at {@code /api/v1/openapi.json}. */
    static final byte[] OPENAPI = openApi();

    private final transient ApiAuthentication authentication;
    private final List<String> readRoles;
    private final List<String> holdRoles;
    private final List<String> deleteRoles;
    private final List<String> auditRoles;
    private final List<String> decisionRoles;
    private final AccessScope scopes;
    private final String realm;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile RecordingQuery catalogue;

    /** Reads recording files as plaintext (decrypts those encrypted at rest); provided by the embedded SRS. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile RecordingContent content;

    @Activate
    public RecordingsServlet(PortalConfig config, @Reference PortalSessions sessions) {
        this.realm = config.realm();
        this.authentication = new ApiAuthentication(new JaasAuthenticator(config.realm()), config.realm(), sessions);
        this.readRoles = roles(config.read_roles());
        this.holdRoles = roles(config.hold_roles());
        this.deleteRoles = roles(config.delete_roles());
        this.auditRoles = roles(config.audit_roles());
        this.decisionRoles = roles(config.decision_roles());
        this.scopes = new AccessScope(readRoles, roles(config.company_roles()), roles(config.own_roles()));
        LOG.info("Portal REST API on /api/v1: realm {}, read roles {} (company-scoped {}, own calls {}), hold roles {},"
                + " delete roles {}, audit trail roles {}, decision roles {}", realm, readRoles,
                roles(config.company_roles()), roles(config.own_roles()), holdRoles, deleteRoles, auditRoles,
                decisionRoles);
    }

    /** For tests: a servlet on a catalogue, with the default configuration's roles. */
    RecordingsServlet(RecordingQuery catalogue, JaasAuthenticator authenticator) {
        this.realm = "test";
        this.authentication = new ApiAuthentication(authenticator, "test");
        this.readRoles = List.of("operator-admin", "auditor", "company-admin", "company-user");
        this.holdRoles = List.of("operator-admin");
        this.deleteRoles = List.of("operator-admin");
        this.auditRoles = List.of("operator-admin", "auditor");
        this.decisionRoles = List.of("operator-admin", "auditor", "company-admin");
        this.scopes = new AccessScope(readRoles, List.of("company-admin"), List.of("company-user"));
        this.catalogue = catalogue;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        if ("/openapi.json".equals(req.getPathInfo()) && "GET".equals(req.getMethod())) {
            // the API's description is public: it tells how to log in, nothing of the recordings
            resp.setContentType("application/json; charset=utf-8");
            resp.setContentLength(OPENAPI.length);
            resp.getOutputStream().write(OPENAPI);
            return;
        }
        try {
            PortalUser user = authentication.authenticate(req);
            route(req, resp, user);
        } catch (ApiException e) {
            if (e.status() == 401) {
                ApiAuthentication.challenge(req, resp);
            }
            error(resp, e.status(), e.getMessage());
        } catch (CatalogException e) {
            error(resp, 503, "the recording catalogue cannot answer now; try again later");
        } catch (RuntimeException e) {
            // never a stack trace to the client; the log has it
            LOG.error("Portal request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            error(resp, 500, "internal error; see the platform log");
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, PortalUser user)
            throws ApiException, CatalogException, IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String[] parts = path.split("/", -1); // "", "recordings", id, sub
        if (parts.length < 2 || !parts[1].equals("recordings") || parts.length > 5
                || parts.length == 5 && !parts[3].equals("metadata")) {
            throw new ApiException(404, "no such resource: " + req.getRequestURI());
        }
        String method = req.getMethod();
        if (parts.length == 2) {
            allow(method, "GET");
            need(user, readRoles);
            json(resp, 200, RecordingJson.page(catalogue().search(SearchParameters.parse(req.getParameterMap(),
                    scopes.of(user)))));
            return;
        }
        String id = parts[2];
        if (!ID.matcher(id).matches()) {
            throw new ApiException(400, "not a recording id: letters, digits, '.', '_', ':', '-', at most 128, not"
                    + " starting with a dot");
        }
        String sub = parts.length >= 4 ? parts[3] : null;
        if (sub == null && method.equals("DELETE")) {
            delete(req, resp, user, id);
        } else if (sub == null) {
            allow(method, "GET", "DELETE");
            need(user, readRoles);
            StoredRecording r = recording(id, user);
            Map<String, Object> body = RecordingJson.recording(r);
            if (user.hasAny(decisionRoles)) {
                RecordingJson.addDecision(body, r);
            }
            if (user.hasAny(auditRoles)) {
                RecordingJson.addAudit(body, catalogue().auditTrail(r.id()));
            }
            json(resp, 200, body);
        } else if (sub.equals("audio")) {
            allow(method, "GET");
            need(user, readRoles);
            audio(req, resp, user, recording(id, user));
        } else if (sub.equals("metadata")) {
            allow(method, "GET");
            need(user, readRoles);
            metadata(req, resp, user, recording(id, user), parts.length == 5 ? parts[4] : null);
        } else if (sub.equals("hold")) {
            allow(method, "PUT", "DELETE");
            sameOrigin(req);
            need(user, holdRoles);
            boolean set = method.equals("PUT");
            StoredRecording r = recording(id, user);
            String reason = set ? reason(req) : null;
            catalogue().hold(r.id(), set, actor(req, user), reason);
            LOG.info("Portal: legal hold of recording {} {} by {} from {}", r.id(), set ? "set" : "cleared",
                    user.name(), req.getRemoteAddr());
            json(resp, 200, RecordingJson.recording(recording(id, user)));
        } else {
            throw new ApiException(404, "no such resource: " + req.getRequestURI());
        }
    }

    private void audio(HttpServletRequest req, HttpServletResponse resp, PortalUser user, StoredRecording r)
            throws ApiException, CatalogException, IOException {
        Path wav = r.audio().orElseThrow(() -> new ApiException(404, "recording " + r.id() + " has no audio file"))
                .path();
        // read through the SRS: a file encrypted at rest is decrypted, only the segments the range touches
        RecordingContent reader = content;
        if (reader == null) {
            throw new ApiException(503, "recording files cannot be read now (feature siprec-srs-embedded not running)");
        }
        try (RecordingContent.Content file = reader.open(wav)) {
            long size = file.size();
            Optional<ByteRange> range;
            try {
                range = ByteRange.parse(req.getHeader("Range"), size);
            } catch (ByteRange.Unsatisfiable e) {
                resp.setHeader("Content-Range", "bytes */" + size);
                throw new ApiException(416, e.getMessage());
            }
            long first = range.map(ByteRange::first).orElse(0L);
            long length = range.map(ByteRange::length).orElse(size);
            // audited before a byte leaves: no audit trail, no audio
            catalogue().audit(r.id(), AUDIO_EVENT, (range.isPresent() ? "bytes " + range.get().first() + "-"
                    + range.get().last() : "all bytes") + " of " + size + " (" + wav.getFileName() + ") sent to "
                    + user.name() + " from " + req.getRemoteAddr(), actor(req, user));
            resp.setStatus(range.isPresent() ? 206 : 200);
            resp.setContentType("audio/wav");
            resp.setHeader("Accept-Ranges", "bytes");
            resp.setHeader("Content-Disposition", disposition(req) + "; filename=\"" + r.id() + ".wav\"");
            range.ifPresent(b -> resp.setHeader("Content-Range", b.contentRange(size)));
            resp.setContentLengthLong(length);
            try (InputStream in = file.from(first)) {
                OutputStream out = resp.getOutputStream();
                byte[] buffer = new byte[65536];
                long left = length;
                while (left > 0) {
                    int n;
                    try {
                        n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    } catch (UnreadableContentException e) {
                        // headers are sent: the answer is cut short (less than its Content-Length), never wrong bytes
                        LOG.error("Portal: audio of recording {} cut: {} (siprec:verify {})", r.id(), e.getMessage(),
                                r.id());
                        return;
                    }
                    if (n < 0) {
                        break;
                    }
                    try {
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        // the client went away (a player seeking closes its connection): not an error of ours
                        LOG.debug("Portal: audio of recording {} to {} cut by the client: {}", r.id(),
                                req.getRemoteAddr(), e.toString());
                        return;
                    }
                    left -= n;
                }
            }
        } catch (NoSuchFileException e) {
            LOG.warn("Portal: audio file {} of recording {} is missing (siprec:verify {})", wav, r.id(), r.id());
            throw new ApiException(404, "the audio file of recording " + r.id() + " is missing");
        } catch (UnreadableContentException e) {
            LOG.error("Portal: audio of recording {} cannot be decrypted: {}", r.id(), e.getMessage());
            throw new ApiException(500, "the audio of recording " + r.id() + " cannot be decrypted; see the platform log");
        }
    }

    /**
     * {@code DELETE /api/v1/recordings/{id}}: files and rows, through the catalogue's deletion (retention's), audited
     * {@code recording.deleted} with the user and address; refused (409) while on legal hold or still recording.
     */
    private void delete(HttpServletRequest req, HttpServletResponse resp, PortalUser user, String id)
            throws ApiException, CatalogException, IOException {
        sameOrigin(req);
        need(user, deleteRoles);
        StoredRecording r = recording(id, user);
        Deletion outcome = catalogue().delete(r.id(), actor(req, user));
        switch (outcome) {
            case DELETED -> {
                LOG.info("Portal: recording {} deleted by {} from {}", r.id(), user.name(), req.getRemoteAddr());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", r.id());
                body.put("deleted", true);
                json(resp, 200, body);
            }
            case ON_HOLD -> throw new ApiException(409, "recording " + r.id() + " is on legal hold; clear the hold"
                    + " first");
            case STILL_RECORDING -> throw new ApiException(409, "recording " + r.id() + " is still being recorded");
            case NO_SUCH_RECORDING -> throw new ApiException(404, "no recording " + id);
            default -> throw new ApiException(500, "a file of recording " + r.id() + " could not be deleted; the"
                    + " recording is kept (see the platform log)");
        }
    }

    /**
     * {@code GET /api/v1/recordings/{id}/metadata[/{n}]}: the n-th RFC 7865 metadata document the catalogue row names
     * (1-based, in the order written: the first complete snapshot, then updates), the latest without {@code n};
     * audited {@code portal.metadata} before a byte is sent.
     */
    private void metadata(HttpServletRequest req, HttpServletResponse resp, PortalUser user, StoredRecording r,
            String n) throws ApiException, CatalogException, IOException {
        List<StoredRecording.File> documents = RecordingJson.metadata(r);
        if (documents.isEmpty()) {
            throw new ApiException(404, "recording " + r.id() + " has no metadata document");
        }
        int index = documents.size();
        if (n != null) {
            try {
                index = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                throw new ApiException(400, "metadata document: '" + n + "' is not a number from 1 to "
                        + documents.size());
            }
            if (index < 1 || index > documents.size()) {
                throw new ApiException(404, "recording " + r.id() + " has metadata documents 1 to " + documents.size()
                        + ", not " + n);
            }
        }
        Path file = documents.get(index - 1).path();
        // read through the SRS, like the audio: a document encrypted at rest is sent decrypted
        RecordingContent reader = content;
        if (reader == null) {
            throw new ApiException(503, "recording files cannot be read now (feature siprec-srs-embedded not running)");
        }
        byte[] xml;
        try (RecordingContent.Content document = reader.open(file)) {
            if (document.size() > MAX_METADATA) {
                throw new ApiException(500, "metadata document " + index + " of recording " + r.id()
                        + " is larger than " + MAX_METADATA + " bytes");
            }
            try (InputStream in = document.from(0)) {
                xml = in.readAllBytes();
            }
        } catch (NoSuchFileException e) {
            LOG.warn("Portal: metadata file {} of recording {} is missing (siprec:verify {})", file, r.id(), r.id());
            throw new ApiException(404, "metadata document " + index + " of recording " + r.id() + " is missing");
        } catch (UnreadableContentException e) {
            LOG.error("Portal: metadata document {} of recording {} cannot be decrypted: {}", index, r.id(),
                    e.getMessage());
            throw new ApiException(500, "metadata document " + index + " of recording " + r.id()
                    + " cannot be decrypted; see the platform log");
        }
        catalogue().audit(r.id(), METADATA_EVENT, "metadata document " + index + " of " + documents.size() + " ("
                + file.getFileName() + ", " + xml.length + " bytes) sent to " + user.name() + " from "
                + req.getRemoteAddr(), actor(req, user));
        resp.setStatus(200);
        resp.setContentType(METADATA_TYPE);
        resp.setHeader("Content-Disposition", disposition(req) + "; filename=\"" + r.id() + "-metadata-" + index
                + ".xml\"");
        resp.setContentLength(xml.length);
        resp.getOutputStream().write(xml);
    }

    /** {@code ?download=1}: save as a file (attachment); else shown in the browser (inline, e.g. an audio player). */
    private static String disposition(HttpServletRequest req) throws ApiException {
        String download = req.getParameter("download");
        if (download == null || download.equals("0") || download.equals("false")) {
            return "inline";
        }
        if (download.equals("1") || download.equals("true")) {
            return "attachment";
        }
        throw new ApiException(400, "download: '" + download + "' is not one of 1, true, 0, false");
    }

    private String reason(HttpServletRequest req) throws ApiException, IOException {
        byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new ApiException(400, "body larger than " + MAX_BODY + " bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            Object reason = JSON.std.mapFrom(text).get("reason");
            if (reason != null && !(reason instanceof String)) {
                throw new ApiException(400, "reason: a string");
            }
            return (String) reason;
        } catch (IOException e) {
            throw new ApiException(400, "body: not a JSON object such as {\"reason\": \"case 42\"}");
        }
    }

    private RecordingQuery catalogue() throws ApiException {
        RecordingQuery c = catalogue;
        if (c == null) {
            throw new ApiException(503, "the recording catalogue is not running (feature siprec-store)");
        }
        return c;
    }

    /**
     * The recording if the user may see it; one it may not see answers the same 404 as one that does not exist, so
     * that ids of other companies' recordings cannot be probed.
     */
    private StoredRecording recording(String id, PortalUser user) throws ApiException, CatalogException {
        return catalogue().find(id, scopes.of(user)).orElseThrow(() -> new ApiException(404, "no recording " + id));
    }

    private static byte[] openApi() {
        try (InputStream in = RecordingsServlet.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json unreadable: " + e, e);
        }
    }

}
