package org.siprec.sip.internal.door;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import java.text.ParseException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RI's message parser (stack property {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}) with the door's raw
 * checks in front ({@link RawMessageCheck}): it sees every message's bytes, over UDP and TCP, before the RI parses
 * them. An oversized datagram is dropped here (counted). A request found wrong is still parsed, and its
 * {@link Verdict} attached as the message's application data for {@link DoorValve} to answer; a request missing
 * From, To, Call-ID or CSeq gets placeholders so that the RI, which would drop it logging its raw bytes at ERROR,
 * hands it to the valve and a 400 can be sent. A request the RI's parser cannot parse is answered here
 * ({@link ParseErrorReply}), not by the RI.
 */
public class DoorParserFactory implements MessageParserFactory {
    private static final AtomicLong PLACEHOLDERS = new AtomicLong();
    private static final java.util.Set<Class<?>> MANDATORY = java.util.Set.of(From.class, To.class, CSeq.class,
            gov.nist.javax.sip.header.Via.class, CallID.class, gov.nist.javax.sip.header.ContentLength.class,
            gov.nist.javax.sip.header.RequestLine.class, gov.nist.javax.sip.header.StatusLine.class);
    private final MessageParserFactory ri = new StringMsgParserFactory();
    private volatile Door door;

    /** Installs the door (its settings and counters); until then messages pass unchecked. */
    public void use(Door door) {
        this.door = door;
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser parser = ri.createMessageParser(stack);
        return (bytes, readBody, strict, listener) -> parse(parser, bytes, readBody, strict, listener);
    }

    private SIPMessage parse(MessageParser parser, byte[] bytes, boolean readBody, boolean strict,
            ParseExceptionListener listener) throws ParseException {
        Door d = door;
        if (d == null || bytes == null) {
            return parser.parseSIPMessage(bytes, readBody, strict, listener);
        }
        boolean datagram = listener instanceof UDPMessageChannel;
        if (datagram && bytes.length > d.settings().maxUdpBytes()) {
            d.counters().increment(DoorCounters.TOO_LARGE_DROPPED);
            return null; // the RI drops a null message silently
        }
        RawMessageCheck.Result check = RawMessageCheck.check(bytes, datagram, d.settings());
        if (check.verdict() != null && "ACK".equals(check.method())) {
            // an ACK is never answered; dropped here, before the RI would answer a bad one 400
            d.counters().increment(DoorCounters.ACK_DROPPED);
            return null;
        }
        SIPMessage message;
        try {
            // on a connection, the RI's own listener closes the socket on a bad mandatory header, before any answer
            ParseExceptionListener onHeaderError = listener instanceof ConnectionOrientedMessageChannel ? DoorParserFactory::headerError
                    : listener;
            message = parser.parseSIPMessage(bytes, readBody, strict, onHeaderError);
        } catch (ParseException e) {
            if (check.method() == null || !(listener instanceof MessageChannel channel)) {
                throw e; // a response or no SIP at all: the RI drops it
            }
            refuseUnparseable(d, bytes, check, channel);
            return null; // the RI drops a null message silently
        }
        if (check.verdict() != null && message instanceof SIPRequest request) {
            if (!check.missing().isEmpty() && !check.missing().contains("via")) {
                fillPlaceholders(request, check);
            }
            if (RawMessageCheck.CSEQ_MISMATCH.equals(check.verdict().reason()) && request.getCSeq() != null) {
                request.getCSeq().setMethod(request.getMethod()); // else the RI answers before the valve
            }
            request.setApplicationData(check.verdict());
        }
        if (message instanceof SIPRequest request && lacksAHeaderTheStackNeeds(request)
                && listener instanceof MessageChannel channel) {
            // e.g. no Via and no CSeq (no placeholders without a Via to answer to): the RI would fail on the missing
            // header with a NullPointerException and log the raw bytes; answered (or dropped) as unparseable instead
            refuseUnparseable(d, bytes, check, channel);
            return null;
        }
        return message;
    }

    /**
     * A header the RI's parser could not parse: a mandatory one (or the start line, or Content-Length, which frames
     * the message) makes the whole request unparseable; any other is kept unparsed, as the RI's channels do.
     */
    private static void headerError(ParseException e, SIPMessage message, Class<?> header, String headerText, String messageText)
            throws ParseException {
        // header is null for a line the parser cannot even name (no colon, control characters): kept unparsed, as
        // the RI's datagram channel does, instead of a NullPointerException that kills the connection's reader
        if (message == null || header != null && MANDATORY.contains(header)) {
            throw e;
        }
        message.addUnparsed(headerText);
    }

    /** An unparseable request is answered 400 (or dropped: {@link ParseErrorReply}); an ACK is never answered. */
    private static void refuseUnparseable(Door d, byte[] bytes, RawMessageCheck.Result check, MessageChannel channel) {
        if ("ACK".equals(check.method())) {
            d.counters().increment(DoorCounters.ACK_DROPPED);
        } else {
            ParseErrorReply.answer(d, bytes, check.verdict(), channel);
        }
    }

    private static boolean lacksAHeaderTheStackNeeds(SIPRequest request) {
        return request.getTopmostVia() == null || request.getCSeq() == null || request.getCallId() == null
                || request.getFrom() == null || request.getTo() == null;
    }

    /** Headers the RI needs to pass the request on and the 400 needs to be built; never seen by an application. */
    private static void fillPlaceholders(SIPRequest request, RawMessageCheck.Result check) throws ParseException {
        long n = PLACEHOLDERS.incrementAndGet();
        if (request.getFrom() == null) {
            From from = new From();
            from.setAddress(placeholder());
            from.setTag("door" + n);
            request.setHeader(from);
        }
        if (request.getTo() == null) {
            To to = new To();
            to.setAddress(placeholder());
            request.setHeader(to);
        }
        if (request.getCallId() == null) {
            CallID callId = new CallID();
            callId.setCallId("door-missing-" + n);
            request.setHeader(callId);
        }
        if (request.getCSeq() == null) {
            CSeq cseq = new CSeq();
            try {
                cseq.setSeqNumber(1L);
            } catch (javax.sip.InvalidArgumentException e) {
                throw new ParseException(e.getMessage(), 0);
            }
            cseq.setMethod(request.getMethod() != null ? request.getMethod() : check.method());
            request.setHeader(cseq);
        }
    }

    private static AddressImpl placeholder() throws ParseException {
        SipUri uri = new SipUri();
        uri.setUser("missing");
        uri.setHost("invalid");
        AddressImpl address = new AddressImpl();
        address.setAddess(uri);
        return address;
    }
}
