package org.siprec.portal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The web UI, {@code /portal/}: the static files of the single-page application in the bundle
 * ({@code org/siprec/portal/ui/}; plain HTML, JavaScript and CSS, no build step, nothing fetched from elsewhere). It
 * holds no data: everything it shows comes from {@code /api/v1}, which checks the session. Served with a Content
 * Security Policy that lets the page load and talk to this origin only.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/portal/*")
@HttpWhiteboardServletName("siprec-portal-ui")
public class UiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String ROOT = "ui/";
    /** File names only, one level: nothing like {@code ..} or a folder reaches the class loader. */
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    static final String CSP = "default-src 'self'; media-src 'self' blob:; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            // /portal: the page's relative links need the trailing slash
            resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!FILE.matcher(name).matches()) {
            resp.sendError(404);
            return;
        }
        try (InputStream in = UiServlet.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            byte[] bytes = in.readAllBytes();
            resp.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            // the files change with the bundle only; revalidating each time is cheap on loopback and never stale
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("Content-Security-Policy", CSP);
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setHeader("X-Frame-Options", "DENY");
            resp.setHeader("Referrer-Policy", "no-referrer");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }
    }
}
