package org.siprec.src.b2bua;

import org.siprec.src.overload.OverloadConfig;
import org.siprec.src.overload.OverloadGate;
import java.util.Map;
import org.siprec.testsupport.Configs;
import org.siprec.media.internal.MediaConfig;
import org.siprec.media.internal.RtpRelay;
import org.siprec.sip.internal.SipEndpointComponent;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.src.decision.PolicyEngine;
import org.siprec.src.decision.PolicyEngineConfig;
import org.siprec.src.recording.RecordingReporter;
import org.siprec.src.recording.SrsSelector;

/** The SIP endpoint, media relay and B2BUA wired together outside OSGi, on real loopback sockets. */
final class LoopbackPlatform implements AutoCloseable {
    final SipEndpointComponent endpoint;
    final RtpRelay relay;
    final CallRegistry calls;
    final PolicyEngine policies;
    final SrsSelector srs;
    final RecordingReporter reporter;
    final B2buaApplication b2bua;
    final OverloadGate overload;

    LoopbackPlatform(int sipPort, int mediaMin, Map<String, Object> src) throws Exception {
        this(sipPort, mediaMin, src, 500);
    }

    LoopbackPlatform(int sipPort, int mediaMin, Map<String, Object> src, int t1) throws Exception {
        relay = new RtpRelay(Configs.of(MediaConfig.class,
                Map.of("bind.address", "127.0.0.1", "port.min", mediaMin, "port.max", mediaMin + 399, "selector.threads", 1)));
        SipEndpointComponent sip = new SipEndpointComponent();
        sip.activate(Configs.of(SipEndpointConfig.class, Map.of("udp.port", sipPort, "tcp.port", sipPort, "thread.pool.size", 4, "t1.ms", t1)));
        endpoint = sip;
        overload = new OverloadGate(Configs.of(OverloadConfig.class, Map.of()));
        calls = new CallRegistry(sip, overload);
        // the tests' policies answer at once; the 50 ms default deadline is missed on a loaded machine (cold JIT),
        // which made a test's call go unrecorded (ABSTAIN) now and then
        policies = new PolicyEngine(Configs.of(PolicyEngineConfig.class, Map.of("policy.deadline.ms", 1000)));
        srs = new SrsSelector();
        reporter = new RecordingReporter();
        b2bua = new B2buaApplication(sip, relay, calls, policies, srs, reporter, overload,
                Configs.of(SrcConfig.class, src));
        sip.attach(b2bua);
    }

    @Override
    public void close() {
        b2bua.deactivate();
        policies.deactivate();
        reporter.deactivate();
        endpoint.deactivate();
        relay.deactivate();
    }
}
