package org.siprec.testcall.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.catalog.RecordingCatalog;
import org.siprec.sip.SipApplication;
import org.siprec.sip.SipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP application of the {@code testcall} endpoint ({@code etc/org.siprec.sip.endpoint-testcall.cfg}): the
 * test caller and the built-in test callee of {@code siprec:test-call}, over a {@link TestCallAgent}. Finds the
 * recordings of test calls through the {@link RecordingCatalog} service of the SRS, when one runs: the test call
 * works without it (the platform may record to an external SRS) and then says that it cannot show the recording.
 */
@Component(service = {SipApplication.class, TestCallService.class}, configurationPid = TestCallConfig.PID,
        immediate = true, property = SipEndpoint.NAME_PROPERTY + "=" + TestCallComponent.ENDPOINT)
@Designate(ocd = TestCallConfig.class)
public class TestCallComponent implements SipApplication, TestCallService {
    /** The name of the SIP endpoint this application serves. */
    public static final String ENDPOINT = "testcall";
    private static final Logger LOG = LoggerFactory.getLogger(TestCallComponent.class);

    private final SipEndpoint sip;
    private final ScheduledExecutorService executor;
    private final TestCallAgent agent;
    private volatile TestCallSettings settings;
    private final AtomicReference<RecordingCatalog> catalog = new AtomicReference<>();

    @Activate
    public TestCallComponent(@Reference(name = "sip", target = "(" + SipEndpoint.NAME_PROPERTY + "=" + ENDPOINT + ")") SipEndpoint sip,
            TestCallConfig config) {
        this.sip = sip;
        this.settings = TestCallSettings.from(config);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "siprec-testcall");
            t.setDaemon(true);
            return t;
        });
        this.agent = new TestCallAgent(sip, executor, settings.mediaAddress());
        LOG.info("Test call ready on {}:{}: siprec:test-call calls through {}", sip.host(),
                sip.udpPort() > 0 ? sip.udpPort() : sip.tcpPort(), settings.platformUri());
    }

    @Modified
    void modified(TestCallConfig config) {
        try {
            TestCallSettings next = TestCallSettings.from(config);
            if (!next.mediaAddress().equals(settings.mediaAddress())) {
                LOG.warn("media.address={} applies when the org.siprec.testcall bundle restarts", next.mediaAddress());
            }
            settings = next;
            LOG.info("Test call reconfigured: platform {}, recording wait {} s", next.platformUri(), next.recordingWait().toSeconds());
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration {} ignored, keeping the current one: {}", TestCallConfig.PID, e.getMessage());
        }
    }

    @Reference(name = "catalog", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCatalog(RecordingCatalog c) {
        catalog.set(c);
    }

    void unbindCatalog(RecordingCatalog c) {
        catalog.compareAndSet(c, null);
    }

    @Deactivate
    void deactivate() {
        agent.close();
        executor.shutdownNow();
    }

    @Override
    public CompletableFuture<CallOutcome> call(Duration audio) {
        return agent.call(settings.platformUri(), audio);
    }

    @Override
    public Optional<RecordingCatalog> catalog() {
        return Optional.ofNullable(catalog.get());
    }

    @Override
    public TestCallSettings settings() {
        return settings;
    }

    @Override
    public String calleeUri() {
        return "sip:" + TestCallAgent.CALLEE_USER + "@" + sip.host() + ":" + (sip.udpPort() > 0 ? sip.udpPort() : sip.tcpPort());
    }

    // ------------------------------------------------------------------ SipApplication: to the agent

    @Override
    public void processRequest(RequestEvent event) {
        agent.processRequest(event);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        agent.processResponse(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        agent.processTimeout(event);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        agent.processIOException(event);
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        agent.processTransactionTerminated(event);
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        agent.processDialogTerminated(event);
    }
}
