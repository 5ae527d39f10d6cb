package org.siprec.ops.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.siprec.api.health.HealthCheck;

/**
 * {@code GET /health/live} and {@code GET /health/ready}: 200 when no check of the probe is CRITICAL, else 503;
 * the body is the {@link HealthReport} as JSON, naming the failing checks.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health/*")
@HttpWhiteboardServletName("siprec-health")
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference
    private transient HealthRunner runner;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String probe = switch (path) {
            case "/live" -> HealthCheck.LIVE;
            case "/ready" -> HealthCheck.READY;
            default -> null;
        };
        if (probe == null) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND, "use /health/live or /health/ready");
            return;
        }
        HealthReport report = runner.run(probe);
        byte[] body = (report.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(report.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("application/json; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
