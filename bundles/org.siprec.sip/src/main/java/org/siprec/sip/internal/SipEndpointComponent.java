package org.siprec.sip.internal;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackImpl;
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
    private SipStackImpl stack;
    private SipProvider provider;

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
        stack = new SipStackImpl(stackProperties(next));
        for (gov.nist.javax.sip.stack.SIPMessageValve valve : stack.sipMessageValves) {
            if (valve instanceof AdmissionValve admissionValve) {
                admissionValve.attach(this);
            }
        }
        List<ListeningPoint> points = createListeningPoints(next);
        provider = stack.createSipProvider(points.get(0));
        for (int i = 1; i < points.size(); i++) {
            provider.addListeningPoint(points.get(i));
        }
        provider.addSipListener(this);
        stack.start();
        settings = next;
        LOG.info("SIP endpoint '{}' listening on {} (udp {}, tcp {})", next.name(), next.host(), portText(next.udpPort()), portText(next.tcpPort()));
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
        if (!next.sameListenPoints(current)) {
            relisten(current, next);
        }
        if (next.threads() != current.threads()) {
            LOG.warn("thread.pool.size={} takes effect when the org.siprec.sip bundle restarts", next.threads());
        }
        settings = next;
        LOG.info("SIP endpoint reconfigured: {} (udp {}, tcp {})", next.host(), portText(next.udpPort()), portText(next.tcpPort()));
    }

    @Deactivate
    public synchronized void deactivate() {
        if (stack != null) {
            stack.stop();
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

    private void removeListeningPoints() throws Exception {
        for (ListeningPoint lp : provider.getListeningPoints()) {
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

    private static Properties stackProperties(ListenSettings s) {
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
        p.setProperty("gov.nist.javax.sip.TCP_POST_PARSING_THREAD_POOL_SIZE", Integer.toString(s.threads()));
        // a second branch's 2xx is answered (ACK, BYE) before the transaction layer, which would drop it
        // ... and every request is screened by the application's admission rules before the transaction layer
        p.setProperty("gov.nist.javax.sip.SIP_MESSAGE_VALVE",
                ForkedAnswerValve.class.getName() + "," + AdmissionValve.class.getName());
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        p.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
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
