package org.siprec.src.b2bua;

import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.siprec.sip.SipEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Responses the B2BUA makes itself (not relayed): with its Server header, an optional Warning saying why. */
final class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final SipEndpoint sip;

    Replies(SipEndpoint sip) {
        this.sip = sip;
    }

    /** A response to {@code request}; {@code toTag} set when not {@code null}. */
    Response create(int status, Request request, String toTag) throws java.text.ParseException {
        Response r = sip.messageFactory().createResponse(status, request);
        if (toTag != null) {
            ((javax.sip.header.ToHeader) r.getHeader(javax.sip.header.ToHeader.NAME)).setTag(toTag);
        }
        r.setHeader(sip.headerFactory().createServerHeader(List.of(sip.userAgent())));
        return r;
    }

    WarningHeader warning(String text) throws java.text.ParseException {
        try {
            return sip.headerFactory().createWarningHeader(sip.host(), 399, text.replace('"', '\'').replaceAll("\\p{Cntrl}", " "));
        } catch (InvalidArgumentException e) {
            throw new java.text.ParseException(e.getMessage(), 0);
        }
    }

    /** Answers a server transaction; a failure to send is logged at debug level (the peer retransmits or gives up). */
    void respond(String callId, ServerTransaction st, int status, String warning) {
        try {
            Response r = sip.messageFactory().createResponse(status, st.getRequest());
            if (warning != null) {
                r.addHeader(warning(warning));
            }
            st.sendResponse(r);
        } catch (java.text.ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.debug("Call {}: cannot send {}: {}", callId, status, e.toString());
        }
    }
}
