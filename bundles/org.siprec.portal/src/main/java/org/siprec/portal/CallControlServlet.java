package org.siprec.portal;

import static org.siprec.portal.ApiResponses.actor;
import static org.siprec.portal.ApiResponses.allow;
import static org.siprec.portal.ApiResponses.error;
import static org.siprec.portal.ApiResponses.json;
import static org.siprec.portal.ApiResponses.need;
import static org.siprec.portal.ApiResponses.roles;
import static org.siprec.portal.ApiResponses.sameOrigin;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.siprec.api.ops.CallMonitor;
import org.siprec.api.ops.CallSummary;
import org.siprec.api.ops.RecordingControl;
import org.siprec.api.ops.RecordingControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live-call recording control over HTTP, {@code /api/v1/calls/*} on the HTTP whiteboard (docs/portal.md, "Call
 * control"); the longer pattern wins over the recordings servlet's {@code /api/v1/*}:
 * <ul>
 * <li>{@code GET /api/v1/calls}: the live calls ({@link CallMonitor}), as {@code siprec:calls} lists them</li>
 * <li>{@code GET /api/v1/calls/{callId}}: one of them</li>
 * <li>{@code POST /api/v1/calls/{callId}/recording/pause|resume|start|stop}: {@link RecordingControl}, the same
 * operations as {@code siprec:pause}, {@code siprec:resume}, {@code siprec:record start|stop}, audited by the SRC
 * with the actor {@code portal:<user>@<address>}; {@code start?srsGroup=<g>} adds a recording to that SRS group
 * beside the call's running ones, {@code stop?recordingId=<id>} stops that one recording only</li>
 * </ul>
 * For an operator's console or a contact-centre agent desktop. Every request logs in as on the rest of the API
 * ({@link ApiAuthentication}); everything here needs one of the control roles, and the changes pass the same-origin
 * check.
 */
@Component(service = Servlet.class, configurationPid = PortalConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern("/api/v1/calls/*")
@HttpWhiteboardServletName("siprec-portal-calls")
public class CallControlServlet extends HttpServlet {
    static final String PREFIX = "/api/v1/calls";
    /**
     * An A-leg Call-ID: RFC 3261 {@code callid = word ["@" word]}, {@code word} being letters, digits and
     * {@code -.!%*_+`'~()<>:\"/[]?{}}; at most 256 characters (nothing longer reaches a lookup).
     */
    static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9\\-.!%*_+`'~()<>:\\\\\"/\\[\\]?{}]{1,255}"
            + "(@[A-Za-z0-9\\-.!%*_+`'~()<>:\\\\\"/\\[\\]?{}]{1,255})?");
    private static final int MAX_CALL_ID = 256;
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CallControlServlet.class);

    /** What each action does, as the answer names the recording's state after it. */
    enum Action {
        PAUSE("paused"), RESUME("recording"), START("recording"), STOP("stopped");

        final String stateAfter;

        Action(String stateAfter) {
            this.stateAfter = stateAfter;
        }

        String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Action of(String token) throws ApiException {
            for (Action a : values()) {
                if (a.token().equals(token)) {
                    return a;
                }
            }
            throw new ApiException(404, "no such action '" + token + "': pause, resume, start or stop");
        }
    }

    private final transient ApiAuthentication authentication;
    private final List<String> controlRoles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile RecordingControl control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile CallMonitor monitor;

    @Activate
    public CallControlServlet(PortalConfig config, @Reference PortalSessions sessions) {
        this.authentication = new ApiAuthentication(new JaasAuthenticator(config.realm()), config.realm(), sessions);
        this.controlRoles = roles(config.control_roles());
        LOG.info("Portal call control on {}: control roles {}", PREFIX, controlRoles);
    }

    /** For tests: the default configuration's roles. */
    CallControlServlet(RecordingControl control, CallMonitor monitor, JaasAuthenticator authenticator) {
        this.authentication = new ApiAuthentication(authenticator, "test");
        this.controlRoles = List.of("operator-admin", "call-control");
        this.control = control;
        this.monitor = monitor;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        try {
            PortalUser user = authentication.authenticate(req);
            route(req, resp, user);
        } catch (ApiException e) {
            if (e.status() == 401) {
                ApiAuthentication.challenge(req, resp);
            }
            error(resp, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Portal request {} {} failed", req.getMethod(), req.getRequestURI(), e);
            error(resp, 500, "internal error; see the platform log");
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, PortalUser user)
            throws ApiException, IOException {
        List<String> path = PathSegments.below(req, PREFIX);
        String method = req.getMethod();
        if (path.isEmpty()) {
            allow(method, "GET");
            need(user, controlRoles);
            json(resp, 200, Map.of("calls", monitor().activeCalls().stream().map(CallControlServlet::call).toList()));
            return;
        }
        if (path.size() == 1) {
            allow(method, "GET");
            need(user, controlRoles);
            String callId = callId(path.get(0));
            CallSummary found = monitor().activeCalls().stream().filter(c -> c.callId().equals(callId)).findFirst()
                    .orElseThrow(() -> new ApiException(404, "no live call with Call-ID " + callId));
            json(resp, 200, call(found));
            return;
        }
        if (path.size() != 3 || !path.get(1).equals("recording")) {
            throw new ApiException(404, "no such resource: " + req.getRequestURI());
        }
        Action action = Action.of(path.get(2));
        allow(method, "POST");
        need(user, controlRoles);
        sameOrigin(req);
        String callId = callId(path.get(0));
        RecordingControl c = control();
        String actor = actor(req, user);
        try {
            Instant at = switch (action) {
                case PAUSE -> c.pause(callId, actor);
                case RESUME -> c.resume(callId, actor);
                case START -> c.start(callId, actor, parameter(req, "srsGroup"));
                case STOP -> c.stop(callId, actor, parameter(req, "recordingId"));
            };
            LOG.info("Portal: {} of the recording of call {} by {} at {}", action.token(), callId, actor, at);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("callId", callId);
            body.put("action", action.token());
            body.put("recording", action.stateAfter);
            body.put("at", at.toString());
            body.put("actor", actor);
            if (parameter(req, "srsGroup") != null && action == Action.START) {
                body.put("srsGroup", parameter(req, "srsGroup"));
            }
            if (parameter(req, "recordingId") != null && action == Action.STOP) {
                body.put("recordingId", parameter(req, "recordingId"));
            }
            json(resp, 200, body);
        } catch (RecordingControlException e) {
            LOG.info("Portal: {} of the recording of call {} by {} refused: {} ({})", action.token(), callId, actor,
                    e.reason(), e.getMessage());
            Map<String, Object> body = new LinkedHashMap<>();
            int status = status(e.reason());
            body.put("status", status);
            body.put("reason", e.reason().name());
            body.put("message", e.getMessage());
            json(resp, status, body);
        }
    }

    /**
     * The HTTP status of each refusal (docs/portal.md, "Call control"): the call does not exist 404; the call's
     * recording is not in a state for the action 409 (the request was understood and could succeed later or never,
     * as the reason says); the SRS refused or did not answer 502 (an upstream failure); the call's thread did not
     * handle it in time 504.
     */
    static int status(RecordingControlException.Reason reason) {
        return switch (reason) {
            case NO_SUCH_CALL -> 404;
            case NOT_RECORDED, NOT_STARTED, ALREADY_PAUSED, NOT_PAUSED, NOT_ANSWERED, ALREADY_RECORDED, MANDATORY -> 409;
            case SRS_REFUSED -> 502;
            case TIMEOUT -> 504;
        };
    }

    /** A decoded Call-ID from the path, or 400. */
    static String callId(String decoded) throws ApiException {
        if (decoded.length() > MAX_CALL_ID || !CALL_ID.matcher(decoded).matches()) {
            throw new ApiException(400, "not a Call-ID (RFC 3261: letters, digits and -.!%*_+`'~()<>:\\\"/[]?{},"
                    + " with at most one @, at most " + MAX_CALL_ID + " characters; percent-encode / ? % in the path)");
        }
        return decoded;
    }

    /** A query parameter ({@code srsGroup} of start, {@code recordingId} of stop), {@code null} when absent or blank. */
    private static String parameter(HttpServletRequest req, String name) throws ApiException {
        String value = req.getParameter(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_CALL_ID) {
            throw new ApiException(400, name + " is longer than " + MAX_CALL_ID + " characters");
        }
        return value.strip();
    }

    private static Map<String, Object> call(CallSummary c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", c.callId());
        m.put("caller", c.caller());
        m.put("callee", c.callee());
        m.put("state", c.state());
        m.put("durationMs", c.duration() == null ? null : c.duration().toMillis());
        // lower case like the recording states of the control answers ("recording":"paused")
        m.put("recording", c.recording() == null ? null : c.recording().toLowerCase(java.util.Locale.ROOT));
        m.put("srs", c.srs());
        // every recording of the call (several when policies or starts on demand named several SRS groups)
        m.put("recordings", c.recordings().stream().map(r -> {
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("recordingId", r.recordingId());
            each.put("srsGroup", r.srsGroup());
            each.put("state", r.state() == null ? null : r.state().toLowerCase(java.util.Locale.ROOT));
            each.put("srs", r.srs());
            return each;
        }).toList());
        return m;
    }

    private RecordingControl control() throws ApiException {
        RecordingControl c = control;
        if (c == null) {
            throw new ApiException(503, "recording control is not available (the SRC, feature siprec-core, is not"
                    + " running)");
        }
        return c;
    }

    private CallMonitor monitor() throws ApiException {
        CallMonitor m = monitor;
        if (m == null) {
            throw new ApiException(503, "the call monitor is not available (the SRC, feature siprec-core, is not"
                    + " running)");
        }
        return m;
    }
}
