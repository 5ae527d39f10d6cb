package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.siprec.db.SiprecDatabase;

/**
 * What the Pax Exam tests do inside the distribution, in one place: wait for a service, run a shell command as an
 * operator would, read a column from the platform's database. It runs in the probe bundle (Pax Exam puts every class
 * of the test-classes folder there).
 */
final class InContainer {
    /** How long a service or command may take to appear after the container started. */
    static final Duration STARTUP = Duration.ofSeconds(60);

    private InContainer() {
    }

    /** The service as registered now, waiting for it if need be (not ungot: the probe lives only for its class). */
    static <S> S service(BundleContext context, Class<S> type) {
        ServiceReference<S> ref = await(type.getSimpleName() + " service").atMost(STARTUP)
                .until(() -> context.getServiceReference(type), r -> r != null);
        S service = context.getService(ref);
        assertNotNull(type.getName(), service);
        return service;
    }

    /** Whether the shell has the command {@code scope:name} now. */
    static boolean commandAvailable(BundleContext context, String name) {
        return service(context, SessionFactory.class).getRegistry().getCommands().stream()
                .anyMatch(c -> name.equals(c.getScope() + ":" + c.getName()));
    }

    /** Runs a command in a fresh shell session and returns what it printed. */
    static String execute(BundleContext context, String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                Session session = service(context, SessionFactory.class)
                        .create(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute(command);
            if (result != null) {
                out.println(result);
            }
            out.flush();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The first column of every row {@code sql} selects with its one parameter. */
    static List<String> query(SiprecDatabase db, String sql, String param) throws Exception {
        List<String> result = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(r.getString(1));
                }
            }
        }
        return result;
    }
}
