package org.siprec.media.rtpengine.internal;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.RelayStream.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fork as an rtpengine media subscription (rtpengine 10+): {@code subscribe request} to the participant of one
 * side gives the port to announce to the SRS (a sendonly offer); {@code subscribe answer} with the SRS's address
 * starts the copies; {@code unsubscribe} stops them (target {@code null}, or pause). Resuming subscribes again with
 * the same {@code to-tag}, for which rtpengine keeps the port. Failures are logged, never thrown (the SPI's setters
 * cannot report them), and the recording's media is then missing, not the call's.
 */
final class RtpengineFork implements ForkStream {
    private static final Logger LOG = LoggerFactory.getLogger(RtpengineFork.class);

    private final RtpengineStream stream;
    private final Side from;
    private final String toTag;
    private int localPort;
    private InetSocketAddress target;
    private boolean paused;
    /** Whether a subscribe request stands (made, not unsubscribed). */
    private boolean requested;
    /** The target rtpengine sends to now, or null. */
    private InetSocketAddress sendingTo;

    private RtpengineFork(RtpengineStream stream, Side from) {
        this.stream = stream;
        this.from = from;
        this.toTag = RtpengineStream.tag(from) + "-srs";
    }

    static RtpengineFork subscribe(RtpengineStream stream, Side from) throws NgException {
        RtpengineFork fork = new RtpengineFork(stream, from);
        fork.localPort = fork.request();
        return fork;
    }

    private int request() throws NgException {
        Map<String, Object> command = stream.command("subscribe request");
        command.put("from-tag", RtpengineStream.tag(from));
        command.put("to-tag", toTag);
        int port = Sdp.port(stream.ng().request(command).get("sdp"));
        requested = true;
        return port;
    }

    @Override
    public synchronized int localPort() {
        return localPort;
    }

    /** rtpengine forwards the party's own SSRC; the mirror does not choose one. */
    @Override
    public long ssrc() {
        return 0;
    }

    @Override
    public synchronized void target(InetSocketAddress rtp) {
        target = rtp;
        apply();
    }

    @Override
    public synchronized void paused(boolean paused) {
        this.paused = paused;
        apply();
    }

    @Override
    public synchronized boolean paused() {
        return paused;
    }

    /** Not counted here: rtpengine keeps the statistics. */
    @Override
    public long packetsSent() {
        return 0;
    }

    /** Brings rtpengine to the wanted state: copies to the target unless paused or without a target. */
    private void apply() {
        InetSocketAddress wanted = paused ? null : target;
        if (Objects.equals(wanted, sendingTo)) {
            return;
        }
        String id = stream.engineCallId() + " " + toTag;
        try {
            if (sendingTo != null) {
                stream.ng().request(unsubscribe());
                sendingTo = null;
                requested = false;
            }
            if (wanted != null) {
                if (!requested) {
                    int port = request();
                    if (port != localPort) {
                        LOG.warn("{}: rtpengine moved the fork from port {} to {}", id, localPort, port);
                        localPort = port;
                    }
                }
                Map<String, Object> answer = stream.command("subscribe answer");
                answer.put("to-tag", toTag);
                answer.put("sdp", Sdp.of(wanted, "recvonly"));
                stream.ng().request(answer);
                sendingTo = wanted;
            }
        } catch (NgException e) {
            LOG.error("{}: rtpengine did not {} the copies of side {}: {}", id, wanted == null ? "stop" : "start", from,
                    e.getMessage());
        }
    }

    private Map<String, Object> unsubscribe() {
        Map<String, Object> command = stream.command("unsubscribe");
        command.put("to-tag", toTag);
        return command;
    }
}
