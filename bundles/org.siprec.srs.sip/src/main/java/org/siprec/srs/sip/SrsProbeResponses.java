package org.siprec.srs.sip;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.siprec.sip.SipApplication;
import org.siprec.sip.SipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application of the SIP endpoint {@value ConfiguredSrsAdapter#PROBE_ENDPOINT}: an endpoint has one application,
 * and there is one adapter per SRS group (the configuration {@code org.siprec.srs.sip} and each factory
 * configuration {@code org.siprec.srs.sip.group-<name>}), all probing from that endpoint. Every answer goes to
 * every adapter, each keeping those to its own probes; requests to the endpoint are answered statelessly.
 */
@Component(service = SipApplication.class, property = SipEndpoint.NAME_PROPERTY + "=" + ConfiguredSrsAdapter.PROBE_ENDPOINT)
public class SrsProbeResponses implements SipApplication {
    private static final Logger LOG = LoggerFactory.getLogger(SrsProbeResponses.class);

    private final List<ProbeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile SipEndpoint endpoint;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindProbeListener(ProbeListener listener) {
        listeners.add(listener);
    }

    public void unbindProbeListener(ProbeListener listener) {
        listeners.remove(listener);
    }

    @Reference(name = "endpoint", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + SipEndpoint.NAME_PROPERTY + "=" + ConfiguredSrsAdapter.PROBE_ENDPOINT + ")")
    public void bindEndpoint(SipEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public void unbindEndpoint(SipEndpoint endpoint) {
        if (this.endpoint == endpoint) {
            this.endpoint = null;
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response r = event.getResponse();
        CallIdHeader id = (CallIdHeader) r.getHeader(CallIdHeader.NAME);
        if (r.getStatusCode() < 200 || id == null) {
            return;
        }
        for (ProbeListener listener : listeners) {
            try {
                listener.probeAnswered(id.getCallId(), r.getStatusCode(), String.valueOf(r.getReasonPhrase()));
            } catch (RuntimeException e) {
                LOG.error("SRS probe answer not taken by {}: {}", listener, e.toString());
            }
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        // the probe endpoint serves nobody: answer what deserves an answer, statelessly
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        try {
            SipEndpoint sip = endpoint;
            if (sip != null) {
                sip.provider().sendResponse(sip.messageFactory().createResponse(
                        Request.OPTIONS.equals(request.getMethod()) ? Response.OK : Response.METHOD_NOT_ALLOWED, request));
            }
        } catch (Exception e) {
            LOG.debug("Request to the SRS probe endpoint not answered: {}", e.toString());
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        // each adapter's sweep counts an unanswered probe as missed
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        // each adapter's sweep counts an unanswered probe as missed
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}
