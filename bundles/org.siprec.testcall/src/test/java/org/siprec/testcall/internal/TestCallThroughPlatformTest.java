package org.siprec.testcall.internal;

import org.siprec.src.overload.OverloadConfig;
import org.siprec.src.overload.OverloadGate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingCatalog;
import org.siprec.api.catalog.RecordingState;
import org.siprec.api.policy.Decision;
import org.siprec.api.policy.RecordingPolicy;
import org.siprec.api.srs.SrsAdapter;
import org.siprec.api.srs.SrsTarget;
import org.siprec.media.internal.MediaConfig;
import org.siprec.media.internal.RtpRelay;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointComponent;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.src.b2bua.B2buaApplication;
import org.siprec.src.b2bua.CallRegistry;
import org.siprec.src.b2bua.SrcConfig;
import org.siprec.src.decision.PolicyEngine;
import org.siprec.src.decision.PolicyEngineConfig;
import org.siprec.src.recording.RecordingReporter;
import org.siprec.src.recording.SrsSelector;
import org.siprec.srs.embedded.internal.EmbeddedSrs;
import org.siprec.srs.embedded.internal.SrsConfig;
import org.siprec.testsupport.Configs;

/**
 * The test call through the real platform, outside OSGi on loopback sockets: main SIP endpoint + RTP relay + B2BUA,
 * the test call's own endpoint with {@link TestCallComponent}, and (for the recording) the embedded SRS on its own
 * endpoint with a record-everything policy.
 */
class TestCallThroughPlatformTest {
    static final int PLATFORM = 35160;
    static final int TESTCALL = 35162;
    static final int SRS = 35164;

    private final java.util.List<Runnable> cleanup = new java.util.ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).run();
        }
    }

    /** The SRC's components, wired as SCR would. */
    private record Src(B2buaApplication b2bua, PolicyEngine policies, SrsSelector srs) {
    }

    private Src platform() throws Exception {
        RtpRelay relay = new RtpRelay(Configs.of(MediaConfig.class,
                Map.of("bind.address", "127.0.0.1", "port.min", 36000, "port.max", 36399, "selector.threads", 1)));
        cleanup.add(relay::deactivate);
        SipEndpointComponent main = new SipEndpointComponent();
        main.activate(Configs.of(SipEndpointConfig.class, Map.of("udp.port", PLATFORM, "tcp.port", PLATFORM, "thread.pool.size", 2)));
        cleanup.add(main::deactivate);
        PolicyEngine policies = new PolicyEngine(Configs.of(PolicyEngineConfig.class, Map.of()));
        cleanup.add(policies::deactivate);
        SrsSelector srs = new SrsSelector();
        RecordingReporter reporter = new RecordingReporter();
        cleanup.add(reporter::deactivate);
        OverloadGate overload = new OverloadGate(Configs.of(OverloadConfig.class, Map.of()));
        B2buaApplication b2bua = new B2buaApplication(main, relay, new CallRegistry(main, overload), policies,
                srs, reporter, overload, Configs.of(SrcConfig.class, Map.of()));
        main.attach(b2bua);
        cleanup.add(b2bua::deactivate);
        return new Src(b2bua, policies, srs);
    }

    private TestCallComponent testCall() throws Exception {
        ExtraSipEndpoint endpoint = new ExtraSipEndpoint();
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", TestCallComponent.ENDPOINT,
                "udp.port", TESTCALL, "tcp.port", TESTCALL, "thread.pool.size", 2)));
        cleanup.add(endpoint::deactivate);
        TestCallComponent component = new TestCallComponent(endpoint, Configs.of(TestCallConfig.class,
                Map.of("platform.uri", "sip:127.0.0.1:" + PLATFORM, "recording.wait.s", 10)));
        cleanup.add(component::deactivate);
        endpoint.attach(component);
        return component;
    }

    @Test
    void callIsAnsweredByTheBuiltInCalleeWithAudioBothWaysThroughTheRelay() throws Exception {
        platform();
        TestCallComponent testCall = testCall();
        assertEquals("sip:test-callee@127.0.0.1:" + TESTCALL, testCall.calleeUri());

        CallOutcome outcome = testCall.call(Duration.ofSeconds(2)).get(30, TimeUnit.SECONDS);

        assertTrue(outcome.answered(), outcome.toString());
        assertEquals(200, outcome.status());
        assertEquals("caller", outcome.endedBy());
        assertNotNull(outcome.calleeCallId(), "the platform forwarded the call to the built-in callee");
        assertFalse(outcome.calleeCallId().equals(outcome.callId()), "B2BUA: the callee's dialog is a new one");
        assertEquals(100, outcome.callerSent(), "2 s of 20 ms packets");
        assertTrue(outcome.calleeSent() >= 90 && outcome.calleeSent() <= 110, outcome.packets());
        // what each side sent arrived at the other through the relay
        assertTrue(outcome.calleeReceived() >= 90, outcome.packets());
        assertTrue(outcome.callerReceived() >= 85, outcome.packets());
        assertEquals("call answered, 2.0 s of audio sent each way, ended by caller", outcome.describe());

        // no SRS here: no catalog, and the report says so
        assertEquals(Optional.empty(), testCall.catalog());
        assertTrue(TestCallReport.noCatalog().get(0).startsWith("No recording catalog is available"));
    }

    @Test
    void theRecordingOfTheCallIsFoundInTheEmbeddedSrsCatalog(@TempDir Path dir) throws Exception {
        Src src = platform();
        ExtraSipEndpoint srsEndpoint = new ExtraSipEndpoint();
        srsEndpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SRS,
                "tcp.port", SRS, "thread.pool.size", 2)));
        cleanup.add(srsEndpoint::deactivate);
        EmbeddedSrs srs = new EmbeddedSrs(srsEndpoint, Configs.of(SrsConfig.class,
                Map.of("recordings.dir", dir.toString(), "port.min", 36400, "port.max", 36499)));
        srsEndpoint.attach(srs);
        cleanup.add(srs::deactivate);
        RecordingPolicy recordAll = session -> Decision.record("test: record everything");
        SrsAdapter adapter = new SrsAdapter() {
            @Override
            public List<SrsTarget> targets(org.siprec.api.model.CommunicationSession session) {
                return List.of(new SrsTarget("sip:srs@127.0.0.1:" + SRS));
            }

            @Override
            public boolean healthy() {
                return true;
            }
        };
        src.policies().bindPolicy(recordAll, Map.of());
        src.srs().bindSrsAdapter(adapter, Map.of());
        TestCallComponent testCall = testCall();
        testCall.bindCatalog(srs); // as SCR does when the embedded SRS registers its catalog
        RecordingCatalog catalog = testCall.catalog().orElseThrow();

        // a call that is not recorded (before the SRS is asked) is reported as such
        CallOutcome other = new CallOutcome("x", null, "00000000000000000000000000000000", java.time.Instant.now(), true, 200,
                "OK", "caller", 0, 0, 0, 0);
        List<String> none = TestCallReport.recording(new RecordingLocator(catalog).find(other), Duration.ofSeconds(10));
        assertTrue(none.get(0).startsWith("The call was NOT recorded"), none.toString());

        CallOutcome outcome = testCall.call(Duration.ofSeconds(2)).get(30, TimeUnit.SECONDS);
        assertTrue(outcome.answered(), outcome.toString());

        Optional<RecordingLocator.Found> found = new RecordingLocator(catalog).await(outcome, Duration.ofSeconds(10));
        assertTrue(found.isPresent(), "no recording of the call in the catalog: " + catalog.recent(5));
        RecordingLocator.Found f = found.get();
        CatalogEntry e = f.entry();
        assertEquals("session-id", f.matchedBy(), "the Session-ID reached the metadata and the catalog");
        assertEquals(RecordingState.COMPLETED, e.state(), "the locator waits for the recording to end");
        assertEquals(List.of("sip:test-caller@127.0.0.1", "sip:test-callee@127.0.0.1:" + TESTCALL),
                e.participants().stream().map(CatalogEntry.Party::aor).toList());
        assertNotNull(e.wav());
        assertTrue(Files.size(e.wav()) > 44 + 8000, "WAV with audio: " + e.wav() + " " + Files.size(e.wav()));
        assertFalse(e.metadata().isEmpty());
        for (Path m : e.metadata()) {
            assertTrue(Files.readString(m).contains("test-caller"), m.toString());
        }
        List<String> text = TestCallReport.recording(found, Duration.ofSeconds(10));
        assertTrue(text.stream().anyMatch(l -> l.contains("WAV:") && l.contains(e.wav().toString())), text.toString());
        assertTrue(text.get(0).startsWith("Recording " + e.id() + " ("), text.toString());

        // the SRS goes away: the test call no longer has a catalog
        testCall.unbindCatalog(srs);
        assertEquals(Optional.empty(), testCall.catalog());
    }
}
