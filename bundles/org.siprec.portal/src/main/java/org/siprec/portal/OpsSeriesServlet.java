package org.siprec.portal;

import static org.siprec.portal.ApiResponses.allow;
import static org.siprec.portal.ApiResponses.error;
import static org.siprec.portal.ApiResponses.json;
import static org.siprec.portal.ApiResponses.need;
import static org.siprec.portal.ApiResponses.roles;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.siprec.api.ops.MetricsHistory;
import org.siprec.api.ops.MetricsSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/ops/series}: the platform's metrics over the last hour for the operations page
 * (docs/portal.md#operations-page), from the {@link MetricsHistory} of the operations bundle, for the ops roles
 * ({@code operator-admin} by default). Without that service (feature {@code siprec-ops} not installed): 503.
 */
@Component(service = Servlet.class, configurationPid = PortalConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@HttpWhiteboardServletPattern(OpsSeriesServlet.PATH)
@HttpWhiteboardServletName("siprec-portal-ops")
public class OpsSeriesServlet extends HttpServlet {
    static final String PATH = "/api/v1/ops/series";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OpsSeriesServlet.class);

    private final transient ApiAuthentication authentication;
    private final List<String> opsRoles;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile MetricsHistory history;

    @Activate
    public OpsSeriesServlet(PortalConfig config, @Reference PortalSessions sessions) {
        this.authentication = new ApiAuthentication(new JaasAuthenticator(config.realm()), config.realm(), sessions);
        this.opsRoles = roles(config.ops_roles());
        LOG.info("Portal operations series on {}: ops roles {}", PATH, opsRoles);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Cache-Control", "no-store");
        try {
            PortalUser user = authentication.authenticate(req);
            need(user, opsRoles);
            allow(req.getMethod(), "GET");
            MetricsHistory h = history;
            if (h == null) {
                throw new ApiException(503, "the metrics history is not available (feature siprec-ops)");
            }
            json(resp, 200, series(h));
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

    static Map<String, Object> series(MetricsHistory history) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intervalSeconds", history.interval().toSeconds());
        body.put("windowSeconds", history.window().toSeconds());
        body.put("samples", history.samples().stream().map(OpsSeriesServlet::sample).toList());
        return body;
    }

    private static Map<String, Object> sample(MetricsSample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", s.time().toString());
        m.put("callsStarted", s.callsStarted());
        m.put("callsActive", s.callsActive());
        m.put("recordingsStarted", s.recordingsStarted());
        m.put("recordingsCompleted", s.recordingsCompleted());
        m.put("recordingsActive", s.recordingsActive());
        m.put("recordingsFailed", s.recordingsFailed());
        m.put("srs", s.srsStates());
        m.put("callsShed", s.callsShed());
        m.put("requestsRejected", s.requestsRejected());
        return m;
    }
}
