package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.siprec.api.ops.CallMonitor;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.testsupport.exam.KarafExamOptions;
import org.siprec.testsupport.sip.SipOptions;

/**
 * The recording plugins can be stopped and started while the platform runs: when the bundle of the SRS adapter
 * ({@code org.siprec.srs.sip}), of the record-all policy ({@code org.siprec.policy.recordall}) or of the embedded SRS
 * ({@code org.siprec.srs.embedded}) stops, its services are gone, the SRC component stays ACTIVE, is not
 * re-activated (its B2BUA SipApplication and CallMonitor keep their service.ids), drops the plugin from its bound
 * references and still answers
 * OPTIONS on its SIP port; when the bundle starts again, the services are back and bound to the SRC again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginLifecycleKarafTest {

    static final String SRC_BUNDLE = "org.siprec.src";
    static final String SRC_COMPONENT = "org.siprec.src.b2bua.B2buaApplication";
    /** The SRC components that bind the plugins (the policy engine and the SRS selector), by plugin interface. */
    static final java.util.Map<String, String> BINDER = java.util.Map.of(
            RecordingPolicy.class.getName(), "org.siprec.src.decision.PolicyEngine",
            SrsAdapter.class.getName(), "org.siprec.src.recording.SrsSelector");
    static final String SRS_SIP_BUNDLE = "org.siprec.srs.sip";
    static final String POLICY_BUNDLE = "org.siprec.policy.recordall";
    static final String EMBEDDED_SRS_BUNDLE = "org.siprec.srs.embedded";
    /** The SipApplication of the embedded SRS (org.siprec.sip is not compiled against here: by name). */
    static final String SRC_SIP_APPLICATION_FILTER = "(&(objectClass=org.siprec.sip.SipApplication)(endpoint.name=main))";
    static final String EMBEDDED_SRS_FILTER = "(&(objectClass=org.siprec.sip.SipApplication)(endpoint.name=srs))";
    static final int SIP_PORT = 5060;
    /** The embedded SRS's endpoint in the distribution (etc/org.siprec.sip.endpoint-srs.cfg). */
    static final int EMBEDDED_SRS_PORT = 5090;
    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration CHANGE = Duration.ofSeconds(15);

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafExamOptions.siprecDistribution();
    }

    @Test
    public void srsAdapterBundleStopsAndStartsWhileThePlatformRuns() throws Exception {
        stopAndStart(SRS_SIP_BUNDLE, () -> registeredBy(SrsAdapter.class.getName(), null, SRS_SIP_BUNDLE),
                SrsAdapter.class.getName(), () -> { });
    }

    @Test
    public void recordAllPolicyBundleStopsAndStartsWhileThePlatformRuns() throws Exception {
        stopAndStart(POLICY_BUNDLE, () -> registeredBy(RecordingPolicy.class.getName(), null, POLICY_BUNDLE),
                RecordingPolicy.class.getName(), () -> { });
    }

    @Test
    public void embeddedSrsBundleStopsAndStartsWhileThePlatformRuns() throws Exception {
        // the distribution boots feature siprec-srs-embedded: without the bundle this test has nothing to prove
        assertNotNull(EMBEDDED_SRS_BUNDLE + " is not installed in the distribution (boot feature siprec-srs-embedded)",
                installed(EMBEDDED_SRS_BUNDLE));
        awaitOptions(EMBEDDED_SRS_PORT, "200", STARTUP);
        // the embedded SRS is a SipApplication of its own endpoint, not a plugin the SRC binds; while it is stopped
        // its endpoint (in org.siprec.sip) stays and answers 503
        stopAndStart(EMBEDDED_SRS_BUNDLE, () -> registeredBy(null, EMBEDDED_SRS_FILTER, EMBEDDED_SRS_BUNDLE), null,
                () -> awaitOptions(EMBEDDED_SRS_PORT, "503", CHANGE));
        awaitOptions(EMBEDDED_SRS_PORT, "200", CHANGE);
    }

    /** All three at once, then back: the core alone keeps running. */
    @Test
    public void allRecordingPluginsStopAndStartTogether() throws Exception {
        awaitSrcReady();
        long monitorId = callMonitorServiceId();
        List<Bundle> plugins = new ArrayList<>();
        for (String name : List.of(SRS_SIP_BUNDLE, POLICY_BUNDLE, EMBEDDED_SRS_BUNDLE)) {
            Bundle b = installed(name);
            if (b != null) {
                plugins.add(b);
            }
        }
        try {
            for (Bundle b : plugins) {
                b.stop();
            }
            await("no SrsAdapter and no RecordingPolicy services").atMost(CHANGE).untilAsserted(() -> {
                assertEquals(0, count(SrsAdapter.class.getName(), null));
                assertEquals(0, count(RecordingPolicy.class.getName(), null));
            });
            assertSrcStillServing(monitorId);
            assertEquals("SRC bound SrsAdapters", 0, boundToSrc(SrsAdapter.class.getName()));
            assertEquals("SRC bound RecordingPolicies", 0, boundToSrc(RecordingPolicy.class.getName()));
        } finally {
            for (Bundle b : plugins) {
                b.start();
            }
        }
        await("SrsAdapter and RecordingPolicy back and bound to the SRC").atMost(CHANGE).untilAsserted(() -> {
            assertTrue(boundToSrc(SrsAdapter.class.getName()) >= 1);
            assertTrue(boundToSrc(RecordingPolicy.class.getName()) >= 1);
        });
        assertSrcStillServing(monitorId);
    }

    // ---------------------------------------------------------------------------------------------------------

    interface Services {
        int count() throws Exception;
    }

    /**
     * Stops the bundle: its services disappear (and, for a plugin interface, are unbound from the SRC) while the SRC
     * stays ACTIVE, keeps its CallMonitor registration and answers OPTIONS; starts it: the services come back (and
     * are bound to the SRC again). The bundle is started again whatever happens.
     */
    private void stopAndStart(String symbolicName, Services services, String srcReference, Runnable whileStopped)
            throws Exception {
        awaitSrcReady();
        Bundle plugin = installed(symbolicName);
        assertNotNull("bundle " + symbolicName + " is not installed", plugin);
        await(symbolicName + " ACTIVE with its services").atMost(STARTUP)
                .until(() -> plugin.getState() == Bundle.ACTIVE && services.count() > 0);
        if (srcReference != null) {
            await("the SRC bound the " + srcReference).atMost(STARTUP).until(() -> boundToSrc(srcReference) >= 1);
        }
        long monitorId = callMonitorServiceId();
        try {
            plugin.stop();
            assertEquals(symbolicName + " state", Bundle.RESOLVED, plugin.getState());
            await(symbolicName + "'s services gone").atMost(CHANGE).until(() -> services.count() == 0);
            if (srcReference != null) {
                await("the SRC unbound the " + srcReference).atMost(CHANGE).until(() -> boundToSrc(srcReference) == 0);
            }
            assertSrcStillServing(monitorId);
            whileStopped.run();
        } finally {
            plugin.start();
        }
        assertEquals(symbolicName + " state", Bundle.ACTIVE, plugin.getState());
        await(symbolicName + "'s services back").atMost(CHANGE).until(() -> services.count() > 0);
        if (srcReference != null) {
            await("the SRC bound the " + srcReference + " again").atMost(CHANGE).until(() -> boundToSrc(srcReference) >= 1);
        }
        assertSrcStillServing(monitorId);
    }

    private void awaitSrcReady() {
        await("SRC component ACTIVE").atMost(STARTUP).until(() -> srcState() == ComponentConfigurationDTO.ACTIVE);
        awaitOptions(SIP_PORT, "200", STARTUP);
    }

    /** The SRC is ACTIVE, was not re-activated (same CallMonitor registration) and answers OPTIONS with 200. */
    private void assertSrcStillServing(long monitorId) throws Exception {
        assertEquals("SRC component state (" + ComponentConfigurationDTO.ACTIVE + " = ACTIVE)",
                ComponentConfigurationDTO.ACTIVE, srcState());
        assertEquals("CallMonitor service.id: the SRC was not re-activated", monitorId, callMonitorServiceId());
        Optional<String> response = SipOptions.send(SIP_PORT, Duration.ofSeconds(2));
        assertTrue("OPTIONS on " + SIP_PORT + ": " + response.orElse("no answer"),
                response.filter(l -> l.startsWith("SIP/2.0 200")).isPresent());
    }

    private static void awaitOptions(int port, String status, Duration timeout) {
        await("OPTIONS answered " + status + " on UDP " + port).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Optional<String> response = SipOptions.send(port, Duration.ofSeconds(1));
                    assertTrue("response on " + port + ": " + response.orElse("none"),
                            response.filter(l -> l.startsWith("SIP/2.0 " + status)).isPresent());
                });
    }

    /**
     * The service.id of the SRC's SipApplication (the B2BUA) and of its CallMonitor: both change if either component
     * is deactivated and activated again.
     */
    private long callMonitorServiceId() throws InvalidSyntaxException {
        ServiceReference<CallMonitor> ref = context.getServiceReference(CallMonitor.class);
        assertNotNull("no CallMonitor service (the SRC)", ref);
        ServiceReference<?>[] b2bua = context.getAllServiceReferences(null, SRC_SIP_APPLICATION_FILTER);
        assertNotNull("no SipApplication of the SRC on the main endpoint", b2bua);
        return (Long) ref.getProperty("service.id") * 1_000_000L + (Long) b2bua[0].getProperty("service.id");
    }

    private ComponentConfigurationDTO srcConfiguration() {
        return configuration(SRC_COMPONENT);
    }

    private ComponentConfigurationDTO configuration(String component) {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class);
        Bundle src = installed(SRC_BUNDLE);
        // null while the boot features are still being installed (the probe may run first) or SCR has not read the
        // bundle yet: the callers wait for a state, so "not yet" must not fail them (it did, at the first test, once)
        ComponentDescriptionDTO description = src == null ? null : scr.getComponentDescriptionDTO(src, component);
        if (description == null) {
            return null;
        }
        var configurations = scr.getComponentConfigurationDTOs(description);
        return configurations.isEmpty() ? null : configurations.iterator().next();
    }

    private int srcState() {
        ComponentConfigurationDTO c = srcConfiguration();
        return c == null ? -1 : c.state;
    }

    /** How many services of that plugin interface the SRC (its component that binds them) has bound now. */
    private int boundToSrc(String interfaceName) {
        ComponentConfigurationDTO c = configuration(BINDER.get(interfaceName));
        if (c == null) {
            return -1;
        }
        List<String> names = Arrays.stream(c.description.references)
                .filter(r -> interfaceName.equals(r.interfaceName)).map(r -> r.name).collect(Collectors.toList());
        assertEquals("references of the SRC to " + interfaceName, 1, names.size());
        for (SatisfiedReferenceDTO r : c.satisfiedReferences) {
            if (names.contains(r.name)) {
                return r.boundServices == null ? 0 : r.boundServices.length;
            }
        }
        return 0; // an optional reference with nothing bound may be listed nowhere
    }

    /** Services of that class and/or filter registered by the named bundle. */
    private int registeredBy(String clazz, String filter, String symbolicName) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getAllServiceReferences(clazz, filter);
        if (refs == null) {
            return 0;
        }
        return (int) Arrays.stream(refs).filter(r -> r.getBundle() != null
                && symbolicName.equals(r.getBundle().getSymbolicName())).count();
    }

    private int count(String clazz, String filter) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getAllServiceReferences(clazz, filter);
        return refs == null ? 0 : refs.length;
    }

    private Bundle installed(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElse(null);
    }

    private <S> S service(Class<S> type) {
        return InContainer.service(context, type);
    }
}
