package org.siprec.testsupport.media;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N calls through the platform's B2BUA with the bench's own minimal UAs on 127.0.0.1 (plain UDP SIP): the caller
 * (INVITE offering PCMU, ACK, BYE), the callee (180, 200 with its RTP port, 200 to BYE) and the SRS the platform's
 * SRS group points at (200 to the RS INVITE with one receive port per m= line of the offer, 200 to BYE). The
 * multipart RS body is only searched for its m= and a=label lines. The callee learns a call's index from the
 * Request-URI user (mb&lt;index&gt;) the B2BUA forwards.
 */
final class PlatformCalls implements AutoCloseable {
    private final MediaSink sink;
    private final SinkStats atCaller;
    private final SinkStats atCallee;
    private final SinkStats atSrs;
    private final InetSocketAddress b2bua;
    private final int calleePort;
    private final SipEndpoint caller;
    private final SipEndpoint callee;
    private final SipEndpoint srs;
    private final List<CallerCall> calls = new ArrayList<>();
    private final Map<String, CallerCall> byCallId = new ConcurrentHashMap<>();
    private final Map<Integer, CalleeCall> calleeByIndex = new ConcurrentHashMap<>();
    private final Map<String, CalleeCall> calleeByCallId = new ConcurrentHashMap<>();
    private final Map<String, String> srsAnswers = new ConcurrentHashMap<>();
    private final java.util.Set<String> srsAcked = ConcurrentHashMap.newKeySet();
    final AtomicInteger srsByes = new AtomicInteger();
    final AtomicInteger calleeByes = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();

    private static final class CallerCall {
        final int index;
        final String callId = "mb-" + UUID.randomUUID() + "@127.0.0.1";
        final String fromTag = Long.toHexString(System.nanoTime());
        final DatagramChannel rtp;
        volatile InetSocketAddress relay;
        volatile String toTag;
        volatile String contact;
        volatile int finalStatus;
        volatile boolean byeAnswered;
        volatile long invitedAt;

        CallerCall(int index, DatagramChannel rtp) {
            this.index = index;
            this.rtp = rtp;
        }
    }

    private record CalleeCall(int index, DatagramChannel rtp, InetSocketAddress relay, String ok) {
    }

    PlatformCalls(MediaSink sink, SinkStats atCaller, SinkStats atCallee, SinkStats atSrs, InetSocketAddress b2bua,
            int callerPort, int calleePort, int srsPort) {
        this.sink = sink;
        this.atCaller = atCaller;
        this.atCallee = atCallee;
        this.atSrs = atSrs;
        this.b2bua = b2bua;
        this.calleePort = calleePort;
        this.caller = new SipEndpoint("caller", callerPort, this::onCaller);
        this.callee = new SipEndpoint("callee", calleePort, this::onCallee);
        this.srs = srsPort > 0 ? new SipEndpoint("srs", srsPort, this::onSrs) : null;
    }

    static String sdp(String user, List<Integer> ports, List<String> labels, String direction) {
        StringBuilder b = new StringBuilder("v=0\r\no=").append(user).append(" 1 1 IN IP4 127.0.0.1\r\ns=-\r\n")
                .append("c=IN IP4 127.0.0.1\r\nt=0 0\r\n");
        for (int i = 0; i < ports.size(); i++) {
            b.append("m=audio ").append(ports.get(i)).append(" RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n");
            if (labels != null && labels.get(i) != null) {
                b.append("a=label:").append(labels.get(i)).append("\r\n");
            }
            b.append("a=").append(direction).append("\r\n");
        }
        return b.toString();
    }

    private static int port(DatagramChannel ch) {
        try {
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String via() {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + caller.port() + ";branch=z9hG4bK" + UUID.randomUUID().toString().replace("-", "") + ";rport\r\n";
    }

    private String dialogHeaders(CallerCall c, int cseq, String method) {
        return via() + "From: <sip:caller@127.0.0.1:" + caller.port() + ">;tag=" + c.fromTag + "\r\n"
                + "To: <sip:mb" + c.index + "@127.0.0.1:" + calleePort + ">" + (c.toTag == null ? "" : ";tag=" + c.toTag) + "\r\n"
                + "Call-ID: " + c.callId + "\r\nCSeq: " + cseq + " " + method + "\r\nMax-Forwards: 70\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + caller.port() + ">\r\n";
    }

    /** Sends (or re-sends) call {@code index}'s INVITE. */
    void invite(int index) {
        CallerCall c;
        if (index < calls.size()) {
            c = calls.get(index);
        } else {
            c = new CallerCall(index, sink.open(atCaller));
            calls.add(c);
            byCallId.put(c.callId, c);
        }
        c.invitedAt = System.nanoTime();
        StringBuilder b = new StringBuilder("INVITE sip:mb" + index + "@127.0.0.1:" + calleePort + " SIP/2.0\r\n")
                .append(dialogHeaders(c, 1, "INVITE"));
        caller.send(SipMessage.withBody(b, sdp("caller", List.of(port(c.rtp)), null, "sendrecv")), b2bua);
    }

    /** Re-sends the INVITEs still without a final response after {@code afterNanos}; returns how many calls are up. */
    int established(long retransmitAfterNanos) {
        int up = 0;
        for (CallerCall c : calls) {
            if (c.finalStatus == 200 && c.relay != null && calleeByIndex.containsKey(c.index)) {
                up++;
            } else if (c.finalStatus == 0 && System.nanoTime() - c.invitedAt > retransmitAfterNanos) {
                invite(c.index);
            }
        }
        return up;
    }

    int srsSessions() {
        return srsAcked.size();
    }

    /** Both directions of every established call, in call order (the sender's schedule). */
    List<RtpSender.Leg> legs() {
        List<RtpSender.Leg> legs = new ArrayList<>();
        int i = 0;
        for (CallerCall c : calls) {
            CalleeCall e = calleeByIndex.get(c.index);
            if (c.finalStatus == 200 && c.relay != null && e != null) {
                legs.add(new RtpSender.Leg(i, RtpProbe.CALLER_TO_CALLEE, c.rtp, c.relay));
                legs.add(new RtpSender.Leg(i, RtpProbe.CALLEE_TO_CALLER, e.rtp(), e.relay()));
                i++;
            }
        }
        return legs;
    }

    void byeAll() {
        for (CallerCall c : calls) {
            if (c.finalStatus == 200) {
                caller.send(SipMessage.withBody(new StringBuilder("BYE " + c.contact + " SIP/2.0\r\n")
                        .append(dialogHeaders(c, 2, "BYE")), null), b2bua);
            }
        }
    }

    int byesAnswered() {
        return (int) calls.stream().filter(c -> c.byeAnswered).count();
    }

    private void onCaller(SipMessage m, SocketAddress from) {
        CallerCall c = byCallId.get(m.header("Call-ID"));
        if (c == null || m.isRequest()) {
            if (m.isRequest() && !"ACK".equals(m.method())) {
                caller.send(m.response(200, "OK", null, null, null), from);
            }
            return;
        }
        int status = m.status();
        if ("BYE".equals(m.cseqMethod())) {
            c.byeAnswered = status >= 200;
            return;
        }
        if (status < 200) {
            return;
        }
        if (c.finalStatus == 0) {
            c.toTag = SipMessage.tag(m.header("To"));
            c.contact = SipMessage.uri(m.header("Contact"));
            if (status == 200) {
                c.relay = new InetSocketAddress(m.mediaAddress(), m.mediaPorts().get(0));
            } else {
                failures.incrementAndGet();
                System.err.println("mediabench: call " + c.index + " failed: " + m.startLine);
            }
            c.finalStatus = status;
        }
        // ACK every final response (a retransmitted 200 too); for a non-2xx the B2BUA's own transaction wants it
        String target = status == 200 ? c.contact : "sip:mb" + c.index + "@127.0.0.1:" + calleePort;
        caller.send(SipMessage.withBody(new StringBuilder("ACK " + target + " SIP/2.0\r\n").append(dialogHeaders(c, 1, "ACK")), null), b2bua);
    }

    private void onCallee(SipMessage m, SocketAddress from) {
        String callId = m.header("Call-ID");
        switch (m.method()) {
            case "INVITE" -> {
                CalleeCall known = calleeByCallId.get(callId);
                if (known != null) {
                    callee.send(known.ok(), from); // retransmission or re-INVITE: same answer
                    return;
                }
                String user = m.requestUri().replaceFirst("^sips?:", "").replaceFirst("@.*", "");
                if (!user.matches("mb\\d+")) {
                    callee.send(m.response(404, "Not Found", "e", null, null), from);
                    return;
                }
                int index = Integer.parseInt(user.substring(2));
                DatagramChannel rtp = sink.open(atCallee);
                String tag = "callee" + index;
                String contact = "sip:callee@127.0.0.1:" + callee.port();
                String ok = m.response(200, "OK", tag, contact, sdp("callee", List.of(port(rtp)), null, "sendrecv"));
                CalleeCall call = new CalleeCall(index, rtp, new InetSocketAddress(m.mediaAddress(), m.mediaPorts().get(0)), ok);
                calleeByCallId.put(callId, call);
                callee.send(m.response(180, "Ringing", tag, contact, null), from);
                callee.send(ok, from);
                calleeByIndex.put(index, call);
            }
            case "ACK" -> {
            }
            case "BYE" -> {
                calleeByes.incrementAndGet();
                callee.send(m.response(200, "OK", null, null, null), from);
            }
            default -> {
                if (m.isRequest()) {
                    callee.send(m.response(200, "OK", null, null, null), from);
                }
            }
        }
    }

    private void onSrs(SipMessage m, SocketAddress from) {
        if (!m.isRequest()) {
            return;
        }
        String callId = m.header("Call-ID");
        switch (m.method()) {
            case "INVITE" -> {
                String ok = srsAnswers.computeIfAbsent(callId, k -> {
                    List<Integer> ports = new ArrayList<>();
                    for (int i = 0; i < m.mediaPorts().size(); i++) {
                        ports.add(port(sink.open(atSrs)));
                    }
                    String answer = m.response(200, "OK", "srs" + Math.abs(k.hashCode()),
                            "sip:srs@127.0.0.1:" + srs.port(), sdp("srs", ports, m.mediaLabels(), "recvonly"));
                    return answer.replaceFirst("\r\nContent-Type", "\r\nRequire: siprec\r\nContent-Type");
                });
                srs.send(ok, from);
            }
            case "ACK" -> {
                if (srsAnswers.containsKey(callId)) {
                    srsAcked.add(callId); // recording sessions established, re-INVITEs not counted twice
                }
            }
            case "BYE" -> {
                srsByes.incrementAndGet();
                srs.send(m.response(200, "OK", null, null, null), from);
            }
            default -> srs.send(m.response(200, "OK", null, null, null), from);
        }
    }

    @Override
    public void close() {
        caller.close();
        callee.close();
        if (srs != null) {
            srs.close();
        }
    }
}
