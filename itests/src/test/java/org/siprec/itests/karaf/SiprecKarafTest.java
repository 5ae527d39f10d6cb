package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.siprec.api.ops.CallMonitor;
import org.siprec.testsupport.exam.KarafExamOptions;
import org.siprec.testsupport.sip.SipOptions;

/**
 * Boots the project's own distribution (karaf-dist's tar.gz) with Pax Exam and checks the platform from inside:
 * feature, bundles, DS components, services, live SIP configuration and the shell commands.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SiprecKarafTest {

    static final Set<String> CORE_BUNDLES =
            Set.of("org.siprec.api", "org.siprec.sip", "org.siprec.media", "org.siprec.src", "org.siprec.shell");
    static final String SIP_PID = "org.siprec.sip";
    static final int DEFAULT_SIP_PORT = 5060;
    static final int MOVED_SIP_PORT = 15060;
    static final Duration STARTUP = Duration.ofSeconds(60);

    @Inject
    BundleContext context;

    // The other services are looked up when used, not injected: a feature installation that refreshes e.g. the
    // shell core bundle would leave an injected service stale (a SessionFactory that no longer sees new commands).

    @Configuration
    public Option[] config() {
        return KarafExamOptions.siprecDistribution();
    }

    @Test
    public void coreFeatureIsInstalled() throws Exception {
        FeaturesService features = service(FeaturesService.class);
        Feature core = features.getFeature("siprec-core");
        assertNotNull("feature siprec-core is not known", core);
        await("siprec-core installed").atMost(STARTUP).until(() -> service(FeaturesService.class).isInstalled(core));
    }

    @Test
    public void coreBundlesAreActive() {
        await("org.siprec.* bundles ACTIVE").atMost(STARTUP).untilAsserted(() -> {
            Set<String> active = new TreeSet<>();
            List<String> others = new ArrayList<>();
            for (Bundle b : siprecBundles()) {
                if (b.getState() == Bundle.ACTIVE) {
                    active.add(b.getSymbolicName());
                } else {
                    others.add(b.getSymbolicName() + " state " + b.getState());
                }
            }
            assertTrue("bundles not ACTIVE: " + others, others.isEmpty());
            assertEquals(new TreeSet<>(CORE_BUNDLES), active);
        });
    }

    @Test
    public void componentsAreActiveOrSatisfied() {
        await("org.siprec.* DS components satisfied").atMost(STARTUP).untilAsserted(() -> {
            ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
            List<String> problems = new ArrayList<>();
            int components = 0;
            Bundle[] bundles = siprecBundles().toArray(new Bundle[0]);
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundles)) {
                components++;
                String name = description.bundle.symbolicName + "/" + description.name;
                if (!scr.isComponentEnabled(description)) {
                    problems.add(name + " disabled");
                    continue;
                }
                var configurations = scr.getComponentConfigurationDTOs(description);
                if (configurations.isEmpty() && !"require".equals(description.configurationPolicy)
                        && description.factory == null) {
                    problems.add(name + " has no configuration");
                }
                for (ComponentConfigurationDTO c : configurations) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        problems.add(name + " state " + c.state + ", unsatisfied references "
                                + Arrays.stream(c.unsatisfiedReferences).map(r -> r.name + " " + r.target)
                                        .collect(Collectors.joining(", "))
                                + (c.failure == null ? "" : ", failure " + c.failure));
                    }
                }
            }
            assertTrue("no DS components in the org.siprec.* bundles", components > 0);
            assertTrue("components not satisfied: " + problems, problems.isEmpty());
        });
    }

    @Test
    public void callMonitorIsRegistered() {
        ServiceReference<CallMonitor> ref = await("CallMonitor service").atMost(STARTUP)
                .until(() -> context.getServiceReference(CallMonitor.class), r -> r != null);
        CallMonitor monitor = context.getService(ref);
        try {
            assertNotNull(monitor.activeCalls());
            assertNotNull(monitor.status());
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    public void sipListenPointFollowsLiveConfigChange() throws Exception {
        awaitOptionsOk(DEFAULT_SIP_PORT, STARTUP);

        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class).getConfiguration(SIP_PID, null);
        Dictionary<String, Object> original = config.getProperties();
        assertNotNull("no configuration " + SIP_PID + " (etc/" + SIP_PID + ".cfg)", original);
        Dictionary<String, Object> moved = copy(original);
        moved.put("udp.port", String.valueOf(MOVED_SIP_PORT));
        moved.put("tcp.port", String.valueOf(MOVED_SIP_PORT));
        config.update(moved);
        try {
            // while the stack moves, the endpoint may briefly answer 503 (no application bound yet): wait for 200
            awaitOptionsOk(MOVED_SIP_PORT, Duration.ofSeconds(20));
            await("TCP " + MOVED_SIP_PORT + " accepts connections").atMost(Duration.ofSeconds(10))
                    .until(() -> tcpAccepts(MOVED_SIP_PORT));
            await("UDP " + DEFAULT_SIP_PORT + " no longer answers").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> options(DEFAULT_SIP_PORT).isEmpty());
        } finally {
            config.update(original);
        }
        awaitOptionsOk(DEFAULT_SIP_PORT, Duration.ofSeconds(20));
    }

    @Test
    public void statusCommandPrintsStatusAndMedia() throws Exception {
        await("siprec:status registered").atMost(STARTUP).until(() -> commandAvailable("siprec:status"));
        String out = execute("siprec:status");
        assertTrue(out, out.contains("Property") && out.contains("Value"));
        for (String key : service(CallMonitor.class).status().keySet()) {
            assertTrue("status key " + key + " missing:\n" + out, out.contains(key));
        }
        // org.siprec.media is part of siprec-core: its mirror is there
        assertTrue(out, out.contains("media.sessions.open") && out.contains("media.ports.free")
                && out.contains("media.packets.rejected"));
    }

    @Test
    public void callsCommandSaysNoActiveCalls() throws Exception {
        await("siprec:calls registered").atMost(STARTUP).until(() -> commandAvailable("siprec:calls"));
        String out = execute("siprec:calls");
        assertTrue(out, out.contains("No active calls"));
    }

    @Test
    public void pauseAndResumeCommandsNameAnUnknownCall() throws Exception {
        await("siprec:pause registered").atMost(STARTUP).until(() -> commandAvailable("siprec:pause"));
        assertTrue("RecordingControl service", service(org.siprec.api.ops.RecordingControl.class) != null);
        String out = execute("siprec:pause no-such-call");
        assertTrue(out, out.contains("Error (NO_SUCH_CALL): no live call with Call-ID no-such-call"));
        out = execute("siprec:resume no-such-call");
        assertTrue(out, out.contains("Error (NO_SUCH_CALL)"));
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<Bundle> siprecBundles() {
        return Arrays.stream(context.getBundles()).filter(b -> CORE_BUNDLES.contains(b.getSymbolicName()))
                .collect(Collectors.toList());
    }

    /** Waits until an OPTIONS to UDP {@code port} is answered {@code 200}. */
    private static void awaitOptionsOk(int port, Duration timeout) {
        await("SIP answers OPTIONS with 200 on UDP " + port).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Optional<String> response = options(port);
                    assertTrue("response on " + port + ": " + response.orElse("none"),
                            response.filter(l -> l.startsWith("SIP/2.0 200")).isPresent());
                });
    }

    private static Optional<String> options(int port) throws IOException {
        return SipOptions.send(port, Duration.ofSeconds(1));
    }

    private static boolean tcpAccepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
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

    private static Dictionary<String, Object> copy(Dictionary<String, Object> source) {
        java.util.Hashtable<String, Object> copy = new java.util.Hashtable<>();
        for (var keys = source.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, source.get(key));
        }
        return copy;
    }
}
