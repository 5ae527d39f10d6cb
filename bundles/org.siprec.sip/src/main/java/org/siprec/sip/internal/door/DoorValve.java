package org.siprec.sip.internal.door;

import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.header.Unsupported;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.header.MaxForwards;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request door: the first SIP message valve, run on every parsed request before the RI's transaction and
 * dialog layers. In order: the per-source rate limit ({@link SourceRateLimiter}; untrusted over the rate: dropped
 * silently; trusted: 503 with Retry-After), what {@link DoorParserFactory} found on the raw bytes, the
 * {@link Conformance} checks and the {@link BranchGuard}. Refusals are sent statelessly (no transaction), with a
 * To tag added when the request has none (RFC 3261 8.2.6.2); an ACK is never answered. Each refusal is one DEBUG
 * line and a counter; one INFO summary line per interval says what the door did, never a line per packet.
 * Installed by the RI by class name ({@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}), one per stack; passes
 * everything until {@link #use(Door)} is called.
 */
public class DoorValve implements SIPMessageValve {
    private static final Logger LOG = LoggerFactory.getLogger(DoorValve.class);
    /** Seconds a trusted peer over its rate is asked to wait (Retry-After of the 503). */
    public static final int RETRY_AFTER_SECONDS = 1;
    static final long SUMMARY_SECONDS = 10;

    private volatile Door door;
    private volatile SIPTransactionStack stack;
    private ScheduledExecutorService summaries;
    private long lastTotal;

    @Override
    public void init(SipStack sipStack) {
        this.stack = sipStack instanceof SIPTransactionStack s ? s : null;
    }

    /** Installs (or replaces) the door's settings, counters and trust; starts the summary log. */
    public synchronized void use(Door door) {
        this.door = door;
        if (summaries == null) {
            summaries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sip-door-summary");
                t.setDaemon(true);
                return t;
            });
            summaries.scheduleWithFixedDelay(this::logSummary, SUMMARY_SECONDS, SUMMARY_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void destroy() {
        if (summaries != null) {
            summaries.shutdownNow();
            summaries = null;
        }
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        Door d = door;
        if (d == null) {
            return true;
        }
        try {
            InetAddress source = request.getPeerPacketSourceAddress() != null ? request.getPeerPacketSourceAddress()
                    : request.getRemoteAddress();
            boolean ack = Request.ACK.equals(request.getMethod());
            if (source != null) {
                boolean trusted = d.trusted().test(source);
                if (!d.limiter().admit(source, trusted, System.nanoTime())) {
                    if (!trusted) {
                        d.counters().increment(DoorCounters.OVER_RATE_UNTRUSTED);
                        return false;
                    }
                    d.counters().increment(DoorCounters.OVER_RATE_TRUSTED);
                    if (!ack) {
                        SIPResponse busy = request.createResponse(Response.SERVICE_UNAVAILABLE, "Over Rate Limit");
                        RetryAfter retryAfter = new RetryAfter();
                        retryAfter.setRetryAfter(RETRY_AFTER_SECONDS);
                        busy.setHeader(retryAfter);
                        send(request, busy, channel);
                    }
                    return false;
                }
            }
            if (channel.isReliable() && source != null) {
                answerOnThisConnection(request, source);
            }
            if (source != null && !d.trusted().test(source) && !admittedUntrusted(d, request, channel, ack)) {
                return false;
            }
            if (request.getMaxForwards() == null) {
                // RFC 2543 had no Max-Forwards (RFC 4475 3.4: such a request should be accepted); the stack refuses
                // to build a transaction without one
                MaxForwards maxForwards = new MaxForwards();
                maxForwards.setMaxForwards(70);
                request.setHeader(maxForwards);
            }
            Rfc2543.addContact(request);
            if (UnparseableContact.repair(request, source, source == null ? 0 : sourcePortOf(request), channel.isReliable(),
                    d.acceptsUnparseableContact())) {
                LOG.debug("door: {} from {}: unparseable Contact, Contact taken from the source", LogText.safe(request.getMethod(), 32),
                        request.getRemoteAddress());
            }
            Verdict verdict = request.getApplicationData() instanceof Verdict v ? v : null;
            if (verdict == null) {
                verdict = Conformance.check(request, d.supportedOptionTags());
            }
            if (verdict == null && stack != null) {
                verdict = BranchGuard.check(stack, request, source);
            }
            if (verdict == null) {
                return true;
            }
            refuse(d, request, channel, verdict, ack);
            return false;
        } catch (Exception e) {
            LOG.debug("door: cannot check {} from {}: {}", LogText.safe(request.getMethod(), 32),
                    request.getRemoteAddress(), LogText.safe(e));
            return true;
        }
    }

    /**
     * A source that is not trusted learns nothing about what is wrong with its request unless the application
     * admits it (e.g. a call's own party): otherwise it gets the application's refusal (403) or nothing.
     *
     * @return whether the request goes on to the conformance checks
     */
    private static boolean admittedUntrusted(Door d, SIPRequest request, MessageChannel channel, boolean ack) throws Exception {
        int verdict;
        try {
            verdict = d.admission().admit(request, new InetSocketAddress(sourceOf(request), sourcePortOf(request)));
        } catch (RuntimeException e) {
            verdict = Response.FORBIDDEN; // a request too broken for the admission rules to read, from a stranger
        }
        if (verdict == 0) {
            return true;
        }
        d.counters().increment(DoorCounters.UNTRUSTED_REFUSED);
        if (verdict > 0 && !ack) {
            send(request, request.createResponse(verdict), channel);
        }
        return false;
    }

    /**
     * RFC 3261 18.2.1: the top Via of a request over TCP records where it came from ({@code received}, and
     * {@code rport}, RFC 3581), also when the sent-by already names that address. Sending the answers back on the
     * connection itself is {@code ConnectionIOHandler}'s part (RFC 3261 18.2.2).
     */
    private static void answerOnThisConnection(SIPRequest request, InetAddress source) throws java.text.ParseException {
        Via via = request.getTopmostVia();
        if (via == null) {
            return;
        }
        via.setReceived(source.getHostAddress());
        via.setParameter(Via.RPORT, Integer.toString(sourcePortOf(request)));
    }

    private static InetAddress sourceOf(SIPRequest request) {
        return request.getPeerPacketSourceAddress() != null ? request.getPeerPacketSourceAddress() : request.getRemoteAddress();
    }

    private static int sourcePortOf(SIPRequest request) {
        return request.getPeerPacketSourceAddress() != null ? request.getPeerPacketSourcePort() : request.getRemotePort();
    }

    private void refuse(Door d, SIPRequest request, MessageChannel channel, Verdict verdict, boolean ack) throws Exception {
        if (verdict.dropped() || ack) {
            d.counters().increment(ack && !verdict.dropped() ? DoorCounters.ACK_DROPPED : verdict.counter());
            LOG.debug("door: dropped {} from {}: {}", LogText.safe(request.getMethod(), 32), request.getRemoteAddress(),
                    verdict.reason());
            return;
        }
        d.counters().increment(verdict.counter());
        SIPResponse response = request.createResponse(verdict.status(), verdict.reason());
        for (String tag : verdict.unsupported()) {
            Unsupported unsupported = new Unsupported();
            unsupported.setOptionTag(tag);
            response.addHeader(unsupported);
        }
        LOG.debug("door: {} {} to {} from {}", verdict.status(), verdict.reason(), LogText.safe(request.getMethod(), 32),
                request.getRemoteAddress());
        send(request, response, channel);
    }

    /** Sends statelessly: on the connection it came on (TCP), or per RFC 3261 18.2.2 / RFC 3581 (UDP). */
    private static void send(SIPRequest request, SIPResponse response, MessageChannel channel) throws Exception {
        if (response.getTo() != null && response.getTo().getTag() == null) {
            response.getTo().setTag(Long.toHexString(ThreadLocalRandom.current().nextLong()));
        }
        if (channel.isReliable()) {
            channel.sendMessage(response);
            return;
        }
        Via via = request.getTopmostVia();
        InetAddress to = request.getPeerPacketSourceAddress() != null ? request.getPeerPacketSourceAddress()
                : request.getRemoteAddress();
        int port = via.getRPort() > 0 ? via.getRPort() : via.getPort() > 0 ? via.getPort() : 5060;
        channel.sendMessage(response, to, port);
    }

    /** One INFO line per interval in which the door did something. */
    void logSummary() {
        Door d = door;
        if (d == null) {
            return;
        }
        try {
            SourceRateLimiter.Summary s = d.limiter().summary();
            d.limiter().sweep(System.nanoTime());
            long total = d.counters().total();
            long moved = total - lastTotal;
            lastTotal = total;
            if (moved == 0 && s.dropped() == 0) {
                return;
            }
            StringBuilder line = new StringBuilder("door: ").append(moved).append(" requests refused or dropped in the last ")
                    .append(SUMMARY_SECONDS).append(" s");
            if (s.dropped() > 0) {
                line.append("; over the rate: ").append(s.dropped()).append(" from ").append(s.sources()).append(" sources");
                if (s.top() != null) {
                    line.append(", top source ").append(s.top().getHostAddress()).append(" (").append(s.topCount()).append(')');
                }
            }
            line.append("; totals ").append(d.counters().snapshot());
            LOG.info(line.toString());
        } catch (RuntimeException e) {
            LOG.debug("door summary failed: {}", e.toString());
        }
    }
}
