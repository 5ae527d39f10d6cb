package org.siprec.sip.dialog;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.sip.RequestAdmission;
import org.siprec.sip.SipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request and response plumbing every SIP application of the platform needs, in one place: admission (the
 * application's {@link RequestScreen}, installed as the endpoint's {@link RequestAdmission} and so applied before
 * the stack's transaction and dialog layers see a request), server
 * transactions (retransmissions absorbed, unusable requests answered 400), ACK and CANCEL, in-dialog requests
 * routed to their {@link DialogHandler} through a {@link DialogRouter} (481 when nobody owns the dialog), and
 * requests outside a dialog handed to the application. A request with a To tag reaches its owner only when the
 * stack matched it to one of its dialogs by Call-ID and both tags (RFC 3261 12.2.2); otherwise 481. Runs on the stack's threads and never blocks: handlers'
 * methods are queued on their executors.
 */
public final class SipDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(SipDispatcher.class);

    /**
     * An application's admission rules for its dialogs and initial requests. Called by the endpoint on the stack's
     * receiving thread before any transaction or dialog state exists (see {@link RequestAdmission}): quick, never
     * blocks.
     */
    @FunctionalInterface
    public interface RequestScreen {
        /** Served: the request goes on. */
        int ACCEPT = RequestAdmission.ACCEPT;
        /** Dropped without an answer. */
        int DROP = RequestAdmission.DROP;

        /**
         * @param request the request as parsed, before the stack's transaction and dialog layers saw it
         * @param source  its transport-level source (not what its Via claims)
         * @param owner   the handler of the request's Call-ID, or {@code null} for requests outside a known dialog
         * @return {@link #ACCEPT}, {@link #DROP}, or a SIP status code sent statelessly (e.g. 403); ACK is never
         *         answered
         */
        int screen(Request request, InetSocketAddress source, DialogHandler owner);

        /** Whether {@code address} is a trusted peer of the application; none by default. */
        default boolean trusted(InetAddress address) {
            return false;
        }

        /** Option tags the application supports besides its endpoint's configured ones (see {@link RequestAdmission#optionTags()}). */
        default java.util.Set<String> optionTags() {
            return java.util.Set.of();
        }

        /** See {@link RequestAdmission#acceptsUnparseableContact(Request)}; none by default. */
        default boolean acceptsUnparseableContact(Request request) {
            return false;
        }
    }

    /** Requests outside a dialog (no To tag), with their server transaction; called on the stack's thread. */
    @FunctionalInterface
    public interface InitialRequests {
        /**
         * @param event         the request as received (e.g. for its transport-level source)
         * @param transaction   its server transaction
         * @param existingOwner the owner of a dialog with the same Call-ID, or {@code null}
         */
        void onInitialRequest(RequestEvent event, ServerTransaction transaction, DialogHandler existingOwner) throws Exception;
    }

    private final SipEndpoint sip;
    private final DialogRouter router;
    private final RequestScreen screen;
    private final InitialRequests initial;
    private final RequestAdmission admission;

    /** Creates the dispatcher and installs {@code screen} as the endpoint's admission rules ({@link #close()} removes them). */
    public SipDispatcher(SipEndpoint sip, DialogRouter router, RequestScreen screen, InitialRequests initial) {
        this.sip = sip;
        this.router = router;
        this.screen = screen;
        this.initial = initial;
        this.admission = new Admission();
        sip.admission(admission);
    }

    /** Removes this dispatcher's admission rules from the endpoint (when its application stops). */
    public void close() {
        sip.admission(null);
    }

    /** The screen applied at the endpoint's door, with the owner of the request's Call-ID looked up. */
    private final class Admission implements RequestAdmission {
        @Override
        public boolean trusted(InetAddress address) {
            return screen.trusted(address);
        }

        @Override
        public int admit(Request request, InetSocketAddress source) {
            return screen.screen(request, source, router.owner(callId(request)));
        }

        @Override
        public java.util.Set<String> optionTags() {
            return screen.optionTags();
        }

        @Override
        public boolean acceptsUnparseableContact(Request request) {
            return screen.acceptsUnparseableContact(request);
        }
    }

    public DialogRouter router() {
        return router;
    }

    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        try {
            String callId = callId(request);
            DialogHandler owner = router.owner(callId);
            if (Request.ACK.equals(method)) {
                if (owner != null && event.getDialog() != null) {
                    owner.executor().execute(() -> owner.onAck(event));
                }
                return;
            }
            ServerTransaction st = serverTransaction(event);
            if (st == null) {
                return;
            }
            if (Request.CANCEL.equals(method)) {
                if (owner != null) {
                    owner.executor().execute(() -> owner.onCancel(st));
                } else {
                    st.sendResponse(sip.messageFactory().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
                }
                return;
            }
            ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
            if (to == null || to.getTag() == null) {
                initial.onInitialRequest(event, st, owner);
            } else if (owner != null && event.getDialog() != null) {
                owner.executor().execute(() -> owner.onRequest(st));
            } else {
                // RFC 3261 12.2.2: an in-dialog request matches a dialog by Call-ID and both tags, not Call-ID alone
                LOG.info("{} for Call-ID {} matches no dialog (tags), refused with 481", method, callId);
                st.sendResponse(sip.messageFactory().createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            }
        } catch (javax.sip.SipException e) {
            // the answer could not be sent: the peer's connection is gone, its Via names no reachable host, ...
            LOG.info("{} could not be answered: {}", method, String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}", " "));
            LOG.debug("Failure detail", e);
        } catch (Exception e) {
            LOG.warn("{} could not be handled: {}", method, e.toString());
            LOG.debug("Failure detail", e);
        }
    }

    /** The request's server transaction, created if needed; {@code null} when the request was absorbed or refused. */
    private ServerTransaction serverTransaction(RequestEvent event) throws Exception {
        ServerTransaction st = event.getServerTransaction();
        if (st != null) {
            return st;
        }
        Request request = event.getRequest();
        try {
            ServerTransaction created = sip.provider().getNewServerTransaction(request);
            if (sip.t1Millis() > 0) {
                // the endpoint's T1 (t1.ms) for its server transactions too: Timers G, H and J follow it (the stack's
                // own default is 500 ms whatever the endpoint is configured with)
                created.setRetransmitTimer(sip.t1Millis());
            }
            return created;
        } catch (TransactionAlreadyExistsException e) {
            return null; // a retransmission the stack already handles
        } catch (TransactionUnavailableException e) {
            // the stack cannot build a transaction for it, typically a mandatory header is missing
            String why = e.getMessage() == null ? "Bad Request" : e.getMessage().replaceAll("\\p{Cntrl}", " ");
            LOG.info("{} refused with 400: {}", request.getMethod(), why);
            Response bad = sip.messageFactory().createResponse(Response.BAD_REQUEST, request);
            bad.setReasonPhrase(why);
            sip.provider().sendResponse(bad);
            return null;
        }
    }

    public void processResponse(ResponseEvent event) {
        DialogHandler owner = router.owner(callId(event.getResponse()));
        if (owner != null) {
            owner.executor().execute(() -> owner.onResponse(event));
        }
    }

    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        DialogHandler owner = router.owner(callId(ct.getRequest()));
        if (owner != null) {
            owner.executor().execute(() -> owner.onTimeout(ct));
        }
    }

    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        DialogHandler owner = router.owner(callId(ct.getRequest()));
        if (owner != null) {
            owner.executor().execute(() -> owner.onTransactionTerminated(ct));
        }
    }

    public void processDialogTerminated(DialogTerminatedEvent event) {
        DialogHandler owner = router.owner(event.getDialog().getCallId().getCallId());
        if (owner != null) {
            owner.executor().execute(() -> owner.onDialogTerminated(event.getDialog()));
        }
    }

    private static String callId(javax.sip.message.Message message) {
        CallIdHeader h = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return h == null ? null : h.getCallId();
    }
}
