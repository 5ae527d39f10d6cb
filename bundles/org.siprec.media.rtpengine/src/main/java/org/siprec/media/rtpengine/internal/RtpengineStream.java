package org.siprec.media.rtpengine.internal;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.siprec.api.media.ForkStream;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.Playback;
import org.siprec.api.media.PlaybackListener;
import org.siprec.api.media.RelayStream;
import org.siprec.api.media.TelephoneEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream anchored in rtpengine, as an rtpengine call with two participants: tag {@code a} (the caller's side)
 * and tag {@code b} (the callee's side).
 * <p>
 * The SPI asks for the local ports facing each side before it knows both addresses, so the stream is opened with an
 * offer from {@code a} and an answer from {@code b} whose SDP says {@code c=0.0.0.0} (nobody to send to yet):
 * rtpengine then has allocated both ports. Each later address ({@link #remote(Side, InetSocketAddress)}) is applied
 * with a new offer/answer pair carrying both sides' current addresses; rtpengine keeps the ports of known tags. A
 * fork is an rtpengine media subscription ({@code subscribe request}/{@code subscribe answer}) to one participant.
 */
final class RtpengineStream implements RelayStream {
    private static final Logger LOG = LoggerFactory.getLogger(RtpengineStream.class);
    static final String TAG_A = "a";
    static final String TAG_B = "b";

    private final NgClient ng;
    private final String engineCallId;
    private final Map<Side, Integer> localPorts = new EnumMap<>(Side.class);
    private final Map<Side, InetSocketAddress> remotes = new EnumMap<>(Side.class);
    private final Map<Side, RtpengineFork> forks = new EnumMap<>(Side.class);
    private boolean bridged = true;
    private boolean closed;
    private boolean dtmfWarned;

    private RtpengineStream(NgClient ng, String engineCallId) {
        this.ng = ng;
        this.engineCallId = engineCallId;
    }

    /** Creates the rtpengine call with both participants and their ports; on failure nothing is left behind. */
    static RtpengineStream open(NgClient ng, String engineCallId) throws MediaException {
        RtpengineStream stream = new RtpengineStream(ng, engineCallId);
        try {
            stream.negotiate();
        } catch (NgException e) {
            stream.delete();
            throw new MediaException("rtpengine cannot anchor stream " + engineCallId + ": " + e.getMessage(), e);
        }
        return stream;
    }

    static String tag(Side side) {
        return side == Side.A ? TAG_A : TAG_B;
    }

    String engineCallId() {
        return engineCallId;
    }

    NgClient ng() {
        return ng;
    }

    /** Offer from a (its SDP goes to rtpengine; the reply's port faces b), answer from b (the reply's port faces a). */
    private void negotiate() throws NgException {
        Map<String, Object> offer = command("offer");
        offer.put("from-tag", TAG_A);
        offer.put("sdp", Sdp.of(remotes.get(Side.A), "sendrecv"));
        int facingB = Sdp.port(ng.request(offer).get("sdp"));
        Map<String, Object> answer = command("answer");
        answer.put("from-tag", TAG_A);
        answer.put("to-tag", TAG_B);
        answer.put("sdp", Sdp.of(remotes.get(Side.B), "sendrecv"));
        int facingA = Sdp.port(ng.request(answer).get("sdp"));
        keep(Side.A, facingA);
        keep(Side.B, facingB);
    }

    private void keep(Side side, int port) {
        Integer before = localPorts.put(side, port);
        if (before != null && before != port) {
            // the SDP already sent to that party names the old port: say so loudly, it loses media until it re-offers
            LOG.warn("{}: rtpengine moved side {} from port {} to {}", engineCallId, side, before, port);
        }
    }

    Map<String, Object> command(String name) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", name);
        command.put("call-id", engineCallId);
        return command;
    }

    @Override
    public synchronized int localPort(Side side) {
        return localPorts.get(side);
    }

    /** Applied at once with an offer/answer pair; a failure is logged (the SPI gives no way to report it). */
    @Override
    public synchronized void remote(Side side, InetSocketAddress rtp) {
        if (Objects.equals(remotes.get(side), rtp) || closed) {
            return;
        }
        remotes.put(side, rtp);
        try {
            negotiate();
        } catch (NgException e) {
            LOG.error("{}: rtpengine did not take side {}'s address {}: {}", engineCallId, side, rtp, e.getMessage());
        }
    }

    @Override
    public synchronized InetSocketAddress remote(Side side) {
        return remotes.get(side);
    }

    /** Not counted here: rtpengine keeps the statistics (its {@code query} command, {@code rtpengine-ctl}). */
    @Override
    public long packetsReceived(Side side) {
        return 0;
    }

    /** Not counted here; see {@link #packetsReceived(Side)}. */
    @Override
    public long packetsSent(Side side) {
        return 0;
    }

    @Override
    public synchronized ForkStream fork(Side from) throws MediaException {
        if (closed) {
            throw new MediaException("stream " + engineCallId + " is closed");
        }
        RtpengineFork fork = forks.get(from);
        if (fork == null) {
            fork = RtpengineFork.subscribe(this, from);
            forks.put(from, fork);
        }
        return fork;
    }

    /**
     * Not available: the SPI hands over a prompt as PCM and expects RTP paced by the mirror; rtpengine plays files or
     * database blobs (its {@code play media}), which this mirror does not provide. The SRC handles the exception as an
     * unavailable announcement (logged, the call goes on: recorded without the prompt, or ended if mandatory).
     */
    @Override
    public Playback play(Side to, int payloadType, short[] pcm, PlaybackListener listener) throws MediaException {
        throw new MediaException("announcements cannot be played with the rtpengine media mirror "
                + "(org.siprec.media.rtpengine); use the built-in mirror for announcements");
    }

    /**
     * Kept as a flag only: the SRC unbridges a stream solely while a prompt plays, which this mirror refuses, so
     * rtpengine always bridges.
     */
    @Override
    public synchronized void bridged(boolean bridged) {
        this.bridged = bridged;
    }

    @Override
    public synchronized boolean bridged() {
        return bridged;
    }

    /**
     * Not available: rtpengine reports DTMF on its own log socket, not over NG. Logged once per stream; the listener is
     * never called, so DTMF-triggered pause and resume do not work through this mirror.
     */
    @Override
    public synchronized void telephoneEvents(int payloadType, TelephoneEventListener listener) {
        if (listener != null && !dtmfWarned) {
            dtmfWarned = true;
            LOG.warn("{}: DTMF (telephone-event) detection is not available with the rtpengine media mirror; "
                    + "pause.dtmf/resume.dtmf do not work for this call", engineCallId);
        }
    }

    /** Deletes the rtpengine call (its forks with it). */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        delete();
    }

    private void delete() {
        Map<String, Object> delete = command("delete");
        // at once: the SRC deletes only when the call is over, so rtpengine's default delay (30 s) only holds ports
        delete.put("delete-delay", 0);
        try {
            ng.request(delete);
        } catch (NgException e) {
            LOG.warn("{}: rtpengine did not delete the call: {} (it times out the call itself)", engineCallId,
                    e.getMessage());
        }
    }
}
