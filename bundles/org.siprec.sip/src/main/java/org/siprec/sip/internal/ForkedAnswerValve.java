package org.siprec.sip.internal;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the 2xx of a second branch of a forked INVITE before the transaction layer sees it (RFC 3261
 * 13.2.2.4: acknowledge it, then end that dialog with BYE). The RI would otherwise take it for a retransmission
 * of the first 2xx and never deliver it. The first 2xx seen for an INVITE (Call-ID, From tag, CSeq) is the one
 * the call keeps; later 2xx with another To tag are answered here and dropped. Installed by the RI by class name
 * ({@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}), one per stack.
 */
public class ForkedAnswerValve implements SIPMessageValve {
    private static final Logger LOG = LoggerFactory.getLogger(ForkedAnswerValve.class);
    /** A forked 2xx comes within the INVITE transaction's life (64 * T1, 32 s by default); keep twice that. */
    private static final long KEEP_NANOS = 64L * 1_000_000_000;
    private static final long SWEEP_EVERY_NANOS = 10L * 1_000_000_000;

    private record FirstAnswer(String toTag, long at) {
    }

    private final Map<String, FirstAnswer> firstAnswers = new ConcurrentHashMap<>();
    private final MessageFactory messages = new MessageFactoryImpl();
    private final HeaderFactory headers = new HeaderFactoryImpl();
    private final AddressFactoryImpl addresses = new AddressFactoryImpl();
    private volatile SipStack stack;
    private volatile long lastSweep = System.nanoTime();

    @Override
    public void init(SipStack sipStack) {
        this.stack = sipStack;
    }

    @Override
    public void destroy() {
        firstAnswers.clear();
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        try {
            int status = response.getStatusCode();
            CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status / 100 != 2 || cseq == null || !Request.INVITE.equals(cseq.getMethod()) || to == null
                    || to.getTag() == null) {
                return true;
            }
            String key = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId() + "|"
                    + ((FromHeader) response.getHeader(FromHeader.NAME)).getTag() + "|" + cseq.getSeqNumber();
            long now = System.nanoTime();
            FirstAnswer first = firstAnswers.putIfAbsent(key, new FirstAnswer(to.getTag(), now));
            if (first == null) {
                if (now - lastSweep > SWEEP_EVERY_NANOS) {
                    lastSweep = now;
                    expire(now);
                }
                return true;
            }
            if (first.toTag().equals(to.getTag())) {
                return true; // a retransmission of the answer the call keeps
            }
            LOG.info("2xx from a second forked branch (To tag {}) of {}: acknowledged and released", to.getTag(), key);
            release(response, channel);
            return false;
        } catch (RuntimeException e) {
            LOG.debug("Forked-answer check failed, the response goes on: {}", e.toString());
            return true;
        }
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<String, FirstAnswer>> it = firstAnswers.entrySet().iterator(); it.hasNext();) {
            if (now - it.next().getValue().at() > KEEP_NANOS) {
                it.remove();
            }
        }
    }

    /** ACK the extra 2xx (statelessly, as the dialog would) and send BYE in its dialog. */
    private void release(Response response, MessageChannel channel) {
        SipStack s = stack;
        Iterator<?> providers = s == null ? Collections.emptyIterator() : s.getSipProviders();
        if (!providers.hasNext()) {
            return;
        }
        SipProvider provider = (SipProvider) providers.next();
        try {
            long seq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            provider.sendRequest(inDialog(response, channel, Request.ACK, seq));
            provider.getNewClientTransaction(inDialog(response, channel, Request.BYE, seq + 1)).sendRequest();
        } catch (Exception e) {
            LOG.info("Cannot release a second forked branch: {}", e.toString());
        }
    }

    private Request inDialog(Response response, MessageChannel channel, String method, long seq) throws Exception {
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        URI target = contact != null ? (URI) contact.getAddress().getURI().clone()
                : (URI) ((ToHeader) response.getHeader(ToHeader.NAME)).getAddress().getURI().clone();
        ViaHeader ourVia = (ViaHeader) response.getHeader(ViaHeader.NAME);
        List<ViaHeader> vias = new ArrayList<>();
        vias.add(headers.createViaHeader(ourVia.getHost(), ourVia.getPort(), ourVia.getTransport(),
                "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong())));
        Request request = messages.createRequest(target, method,
                (CallIdHeader) response.getHeader(CallIdHeader.NAME).clone(), headers.createCSeqHeader(seq, method),
                (FromHeader) response.getHeader(FromHeader.NAME).clone(), (ToHeader) response.getHeader(ToHeader.NAME).clone(),
                vias, headers.createMaxForwardsHeader(70));
        // the route set of a dialog seen from the caller's side is the Record-Route in reverse order
        List<RecordRouteHeader> recordRoutes = new ArrayList<>();
        for (ListIterator<?> it = response.getHeaders(RecordRouteHeader.NAME); it.hasNext();) {
            recordRoutes.add((RecordRouteHeader) it.next());
        }
        Collections.reverse(recordRoutes);
        for (RecordRouteHeader rr : recordRoutes) {
            RouteHeader route = headers.createRouteHeader(addresses.createAddress(rr.getAddress().getURI().toString()));
            request.addHeader(route);
        }
        return request;
    }
}
