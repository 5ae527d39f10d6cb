package org.siprec.sip.internal;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.sip.RequestAdmission;
import org.siprec.sip.SipApplication;
import org.siprec.sip.SipEndpoint;
import org.siprec.sip.internal.door.Door;
import org.siprec.sip.internal.door.DoorCounters;
import org.siprec.sip.internal.door.DoorParserFactory;
import org.siprec.sip.internal.door.DoorSettings;
import org.siprec.sip.internal.door.DoorStackLogger;
import org.siprec.sip.internal.door.DoorValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the JAIN-SIP RI stack. A change of listen address or ports is applied live by replacing the listening
 * points of the one SipProvider, so applications keep their provider and live dialogs are not dropped.
 */
@Component(service = SipEndpoint.class, configurationPid = "org.siprec.sip", immediate = true,
        property = SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN)
@Designate(ocd = SipEndpointConfig.class)
public class SipEndpointComponent implements SipEndpoint, SipListener {
    private static final Logger LOG = LoggerFactory.getLogger(SipEndpointComponent.class);

    private final MessageFactory messageFactory = new MessageFactoryImpl();
    private final HeaderFactory headerFactory = new HeaderFactoryImpl();
    private final AddressFactory addressFactory = new AddressFactoryImpl();

    /**
     * The application is fetched on the first event rather than when bound: the application itself references this
     * endpoint, and getting it while both are being activated would be a circular activation.
     */
    private final Map<ComponentServiceObjects<SipApplication>, String> applications = new ConcurrentHashMap<>();
    private volatile SipApplication application;

    /** The application's admission rules, applied by the valves before the stack's transaction layer. */
    private volatile RequestAdmission admission;

    private volatile ListenSettings settings;
    /** The TLS listening point's settings; {@link TlsSettings#OFF} when not configured or refused. */
    private volatile TlsSettings tls = TlsSettings.OFF;
    private SiprecSipStack stack;
    private SipProvider provider;
    /** What the request door refused or dropped; kept across reconfigurations. */
    private final DoorCounters doorCounters = new DoorCounters();
    private DoorValve doorValve;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindApplication(ComponentServiceObjects<SipApplication> objects, Map<String, Object> properties) {
        Object name = properties.get(NAME_PROPERTY);
        applications.put(objects, name == null ? MAIN : name.toString());
        application = null;
    }

    void unbindApplication(ComponentServiceObjects<SipApplication> objects) {
        if (applications.remove(objects) != null) {
            application = null;
        }
    }

    private SipApplication application() {
        SipApplication app = application;
        if (app == null) {
            ListenSettings s = settings;
            for (Map.Entry<ComponentServiceObjects<SipApplication>, String> e : applications.entrySet()) {
                if (s != null && e.getValue().equals(s.name())) {
                    app = e.getKey().getService();
                    application = app;
                    break;
                }
            }
        }
        return app;
    }

    /** Whether this is the main endpoint ({@code org.siprec.sip}) rather than a factory-configured one. */
    protected boolean isMain() {
        return true;
    }

    /** Sets the application outside OSGi, where no service registry injects it (tests, embedding). */
    public void attach(SipApplication app) {
        this.application = app;
    }

    @Activate
    public void activate(SipEndpointConfig config) throws Exception {
        ListenSettings next = ListenSettings.from(config);
        if (!isMain() && MAIN.equals(next.name())) {
            throw new IllegalArgumentException("endpoint.name must be set (and not 'main') in an org.siprec.sip.endpoint factory configuration");
        }
        DoorSettings door = doorSettings(config);
        stack = new SiprecSipStack(stackProperties(next, door));
        tls = tls(next.name(), config);
        openDoor(door);
        for (gov.nist.javax.sip.stack.SIPMessageValve valve : stack.sipMessageValves) {
            if (valve instanceof AdmissionValve admissionValve) {
                admissionValve.attach(this);
            }
        }
        List<ListeningPoint> points = createListeningPoints(next);
        ListeningPoint tlsPoint = createTlsListeningPoint(next, tls);
        if (tlsPoint != null) {
            points.add(tlsPoint);
        } else {
            tls = TlsSettings.OFF;
        }
        provider = stack.createSipProvider(points.get(0));
        for (int i = 1; i < points.size(); i++) {
            provider.addListeningPoint(points.get(i));
        }
        provider.addSipListener(this);
        stack.start();
        settings = next;
        LOG.info("SIP endpoint '{}' listening on {} (udp {}, tcp {}, tls {})", next.name(), next.host(), portText(next.udpPort()),
                portText(next.tcpPort()), portText(tls.port()));
    }

    /**
     * This endpoint's TLS settings with its context installed in the stack, or {@link TlsSettings#OFF} when TLS is
     * not configured or its configuration is refused: then one ERROR line names the key, and the endpoint keeps its
     * UDP and TCP listening points.
     */
    private TlsSettings tls(String name, SipEndpointConfig config) {
        try {
            TlsSettings next = TlsSettings.from(config);
            if (next.enabled()) {
                stack.tls(next, next.context());
                LOG.info("SIP endpoint '{}': {}", name, next);
            }
            return next;
        } catch (IllegalArgumentException e) {
            LOG.error("SIP endpoint '{}': TLS not enabled, {}; UDP and TCP are unaffected", name, e.getMessage());
            return TlsSettings.OFF;
        }
    }

    /** The TLS listening point, or null (logged) when the port cannot be bound: UDP and TCP go on without it. */
    private ListeningPoint createTlsListeningPoint(ListenSettings s, TlsSettings t) {
        if (!t.enabled()) {
            return null;
        }
        try {
            return stack.createListeningPoint(s.host(), t.port(), ListeningPoint.TLS);
        } catch (Exception e) {
            LOG.error("SIP endpoint '{}': cannot listen for TLS on {}:{} (tls.port): {}; UDP and TCP are unaffected", s.name(),
                    s.host(), t.port(), e.toString());
            return null;
        }
    }

    @Modified
    public synchronized void modified(SipEndpointConfig config) throws Exception {
        ListenSettings next;
        try {
            next = ListenSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration org.siprec.sip ignored, keeping the current one: {}", e.getMessage());
            throw e;
        }
        ListenSettings current = settings;
        if (!next.name().equals(current.name())) {
            LOG.warn("endpoint.name cannot change while running; keeping '{}'", current.name());
            next = new ListenSettings(current.name(), next.host(), next.udpPort(), next.tcpPort(), next.userAgent(),
                    next.t1Millis(), next.threads());
        }
        DoorSettings door = doorSettings(config);
        TlsSettings currentTls = tls;
        TlsSettings nextTls = TlsSettings.OFF;
        try {
            nextTls = TlsSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("SIP endpoint '{}': TLS not enabled, {}; UDP and TCP are unaffected", current.name(), e.getMessage());
        }
        if (!next.sameListenPoints(current)) {
            relisten(current, next);
        }
        if (!next.host().equals(current.host()) || !nextTls.sameListenPoint(currentTls)) {
            ListeningPoint old = tlsPointOf();
            if (old != null) {
                provider.removeListeningPoint(old);
                stack.deleteListeningPoint(old);
            }
            tls = TlsSettings.OFF;
            TlsSettings applied = nextTls.enabled() ? tls(current.name(), config) : TlsSettings.OFF;
            ListeningPoint point = createTlsListeningPoint(next, applied);
            if (point != null) {
                provider.addListeningPoint(point);
                tls = applied;
            }
        }
        openDoor(door);
        if (next.threads() != current.threads()) {
            LOG.warn("thread.pool.size={} takes effect when the org.siprec.sip bundle restarts", next.threads());
        }
        settings = next;
        LOG.info("SIP endpoint reconfigured: {} (udp {}, tcp {}, tls {})", next.host(), portText(next.udpPort()), portText(next.tcpPort()),
                portText(tls.port()));
    }

    @Deactivate
    public synchronized void deactivate() {
        if (doorValve != null) {
            doorValve.destroy();
        }
        if (stack != null) {
            StackStop.withoutItsSleep(stack::stopSafely); // finishes the stop when a UDP processor throws (stopSafely)
            LOG.info("SIP endpoint stopped");
        }
    }

    private void relisten(ListenSettings current, ListenSettings next) throws Exception {
        removeListeningPoints();
        try {
            for (ListeningPoint lp : createListeningPoints(next)) {
                provider.addListeningPoint(lp);
            }
        } catch (Exception e) {
            LOG.error("Cannot listen on {} (udp {}, tcp {}): {}; staying on the previous address", next.host(),
                    portText(next.udpPort()), portText(next.tcpPort()), e.toString());
            removeListeningPoints();
            for (ListeningPoint lp : createListeningPoints(current)) {
                provider.addListeningPoint(lp);
            }
            throw e;
        }
    }

    private ListeningPoint tlsPointOf() {
        for (ListeningPoint lp : provider.getListeningPoints()) {
            if (ListeningPoint.TLS.equalsIgnoreCase(lp.getTransport())) {
                return lp;
            }
        }
        return null;
    }

    /** Removes the UDP and TCP listening points (the TLS one is handled on its own). */
    private void removeListeningPoints() throws Exception {
        for (ListeningPoint lp : provider.getListeningPoints()) {
            if (ListeningPoint.TLS.equalsIgnoreCase(lp.getTransport())) {
                continue;
            }
            provider.removeListeningPoint(lp);
            stack.deleteListeningPoint(lp);
        }
    }

    private List<ListeningPoint> createListeningPoints(ListenSettings s) throws Exception {
        List<ListeningPoint> points = new ArrayList<>();
        try {
            if (s.udpPort() > 0) {
                points.add(stack.createListeningPoint(s.host(), s.udpPort(), ListeningPoint.UDP));
            }
            if (s.tcpPort() > 0) {
                points.add(stack.createListeningPoint(s.host(), s.tcpPort(), ListeningPoint.TCP));
            }
        } catch (Exception e) {
            for (ListeningPoint lp : points) {
                stack.deleteListeningPoint(lp);
            }
            throw e;
        }
        return points;
    }

    /** The door's settings from the configuration (a bad value is refused naming its key). */
    static DoorSettings doorSettings(SipEndpointConfig config) {
        return new DoorSettings(config.max_message_size_udp(), config.max_message_size_tcp(), config.max_header_count(),
                config.rate_trusted_per_second(), config.rate_trusted_burst(), config.rate_untrusted_per_second(),
                config.rate_untrusted_burst(), config.rate_max_sources(), DoorSettings.optionTags(config.supported_option_tags()));
    }

    /** Hands the door's settings to the valve and parser the RI created; trust comes from the admission rules. */
    private void openDoor(DoorSettings settings) {
        Door door = Door.create(settings, doorCounters, address -> {
            RequestAdmission a = admission;
            return a == null || a.trusted(address); // no rules installed: every source is admitted, so trusted
        }, () -> {
            RequestAdmission a = admission;
            return a == null ? java.util.Set.of() : a.optionTags();
        }, (request, source) -> {
            RequestAdmission a = admission;
            return a == null ? RequestAdmission.ACCEPT : a.admit(request, source);
        }, request -> {
            RequestAdmission a = admission;
            return a != null && a.acceptsUnparseableContact(request);
        });
        for (Object valve : stack.sipMessageValves) {
            if (valve instanceof DoorValve d) {
                doorValve = d;
                d.use(door);
            }
        }
        if (stack.getMessageParserFactory() instanceof DoorParserFactory parsers) {
            parsers.use(door);
        }
    }

    private static Properties stackProperties(ListenSettings s, DoorSettings door) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "siprec-" + s.name() + "-" + System.identityHashCode(s));
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // one event delivery thread keeps a call's responses in arrival order (a 180 followed 3 ms later by a 200
        // must reach the call in that order); listeners only queue work, so one thread is enough
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "false");
        // a burst of calls must not overflow the socket's default receive buffer (datagrams were lost at 200 calls/s)
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(1024 * 1024));
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(s.threads()));
        // no TCP_POST_PARSING_THREAD_POOL_SIZE: with that pool, a connection whose reading fails (a message over
        // MAX_MESSAGE_SIZE, the peer gone) keeps its parser thread and socket up to 64 s, waiting for the pool,
        // before the RI closes it; without it each connection's messages are processed on its own reader thread, in
        // order, and the connection closes at once (the listeners only queue work, so that thread is not held)
        // a second branch's 2xx is answered (ACK, BYE) before the transaction layer, which would drop it
        // the request door first (limits, conformance, per-source rates), then the application's admission rules,
        // both before the transaction layer; ForkedAnswerValve only looks at responses
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE", DoorValve.class.getName() + ","
                + AdmissionValve.class.getName() + "," + ForkedAnswerValve.class.getName());
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", DoorParserFactory.class.getName());
        // the RI's own logging: escaped, capped, a peer's error never a stack trace at ERROR
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", DoorStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        // TCP: a longer message closes the connection; datagrams above max.message.size.udp are dropped by the door
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(Math.max(door.maxTcpBytes(), door.maxUdpBytes() + 1)));
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        // a TLS peer that accepts the connection but never completes the handshake is dropped after this long
        // (the RI's default is to wait for ever, holding the connection)
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "5000");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "ERROR");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        return p;
    }

    private static String portText(int port) {
        return port == 0 ? "off" : Integer.toString(port);
    }

    // --- SipEndpoint

    @Override
    public SipProvider provider() {
        return provider;
    }

    @Override
    public MessageFactory messageFactory() {
        return messageFactory;
    }

    @Override
    public HeaderFactory headerFactory() {
        return headerFactory;
    }

    @Override
    public AddressFactory addressFactory() {
        return addressFactory;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public String host() {
        return settings.host();
    }

    @Override
    public int udpPort() {
        return settings.udpPort();
    }

    @Override
    public int tcpPort() {
        return settings.tcpPort();
    }

    @Override
    public int tlsPort() {
        return tls.port();
    }

    @Override
    public String userAgent() {
        return settings.userAgent();
    }

    @Override
    public int t1Millis() {
        return settings.t1Millis();
    }

    @Override
    public InetSocketAddress source(RequestEvent event) {
        if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
            return new InetSocketAddress(ext.getRemoteIpAddress(), ext.getRemotePort());
        }
        SIPMessage message = (SIPMessage) event.getRequest();
        return new InetSocketAddress(message.getRemoteAddress(), message.getRemotePort());
    }

    @Override
    public void answerAcknowledged(javax.sip.Dialog dialog) {
        if (!(dialog instanceof gov.nist.javax.sip.stack.SIPDialog nist)) {
            return;
        }
        try {
            java.lang.reflect.Field field = gov.nist.javax.sip.stack.SIPDialog.class.getDeclaredField("timerTask");
            field.setAccessible(true);
            Object task = field.get(nist);
            if (task != null) {
                stack.getTimer().cancel((gov.nist.javax.sip.stack.SIPStackTimerTask) task);
                field.set(nist, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Cannot stop the 2xx retransmission of dialog {}: {}", dialog.getDialogId(), e.toString());
        }
    }

    @Override
    public void admission(RequestAdmission admission) {
        this.admission = admission;
    }

    @Override
    public Map<String, Long> doorCounters() {
        return doorCounters.snapshot();
    }

    /** The installed admission rules, or {@code null} (every request admitted). */
    RequestAdmission admission() {
        return admission;
    }

    // --- SipListener: hand every event to the application

    @Override
    public void processRequest(RequestEvent event) {
        SipApplication app = application();
        if (app != null) {
            app.processRequest(event);
            return;
        }
        Request request = event.getRequest();
        if (!Request.ACK.equals(request.getMethod())) {
            try {
                provider.sendResponse(messageFactory.createResponse(Response.SERVICE_UNAVAILABLE, request));
            } catch (Exception e) {
                LOG.debug("Cannot refuse {} while no SIP application is registered", request.getMethod(), e);
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        SipApplication app = application();
        if (app != null) {
            app.processResponse(event);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        SipApplication app = application();
        if (app != null) {
            app.processTimeout(event);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        SipApplication app = application();
        if (app != null) {
            app.processIOException(event);
        } else {
            LOG.debug("I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
        }
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        SipApplication app = application();
        if (app != null) {
            app.processTransactionTerminated(event);
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        SipApplication app = application();
        if (app != null) {
            app.processDialogTerminated(event);
        }
    }
}
