package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
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
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.siprec.testsupport.exam.KarafExamOptions;

/**
 * The operations feature inside the distribution booted by Pax Exam: {@code siprec-ops} installed, {@code /metrics}
 * and {@code /health/ready} answering on the HTTP port {@link KarafExamOptions#HTTP_PORT}, and a {@link HealthCheck}
 * registered at run time by another bundle (as a plugin would) taking readiness down until it is unregistered.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpsKarafTest {
    static final Duration STARTUP = Duration.ofSeconds(60);

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafExamOptions.siprecDistribution();
    }

    /** Status line code and body of a GET on the Karaf's HTTP service. */
    record Answer(int status, String body) {
    }

    static Answer get(String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + KarafExamOptions.HTTP_PORT + path).openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(10_000);
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }

    private Answer awaitReady(int status) {
        return await("GET /health/ready answers " + status).atMost(STARTUP).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> get("/health/ready"), a -> a.status() == status);
    }

    @Test
    public void opsFeatureIsInstalledAndMetricsAnswer() throws Exception {
        ServiceReference<FeaturesService> ref = await("FeaturesService").atMost(STARTUP)
                .until(() -> context.getServiceReference(FeaturesService.class), r -> r != null);
        FeaturesService features = context.getService(ref);
        assertTrue("siprec-ops installed", features.isInstalled(features.getFeature("siprec-ops")));
        Answer metrics = await("GET /metrics").atMost(STARTUP).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .until(() -> get("/metrics"), a -> a.status() == 200);
        assertTrue(metrics.body(), metrics.body().contains("\nsiprec_calls_active "));
        assertTrue(metrics.body(), metrics.body().contains("# TYPE siprec_calls_started_total counter"));
    }

    @Test
    public void aHealthCheckOfAnotherBundleCountsForReadiness() {
        awaitReady(200);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HealthCheck.NAME, "itest-plugin-check");
        props.put(HealthCheck.TAGS, new String[] {HealthCheck.READY});
        ServiceRegistration<HealthCheck> reg = context.registerService(HealthCheck.class,
                () -> HealthResult.critical("the itest says no"), props);
        try {
            Answer down = awaitReady(503);
            assertTrue(down.body(), down.body().contains("\"failing\":[\"itest-plugin-check\"]"));
            assertTrue(down.body(), down.body().contains("the itest says no"));
        } finally {
            reg.unregister();
        }
        awaitReady(200);
    }
}
