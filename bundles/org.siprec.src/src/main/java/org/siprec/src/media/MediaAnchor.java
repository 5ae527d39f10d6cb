package org.siprec.src.media;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.sip.sdp.InvalidSdpException;
import org.siprec.sip.sdp.SdpMedia;
import org.siprec.sip.sdp.SessionDescriptionEditor;

/**
 * A call's media anchored in the media mirror: the one place where the call's {@link MirrorSession} is opened
 * (when the first SDP arrives), where each side's SDP is pointed at the relay, and where the last SDP of each side is
 * kept to tell who sends. Runs on the call's serial executor.
 */
public final class MediaAnchor implements AutoCloseable {
    /** Who currently sends media, per RFC 3264 directions. */
    public record Senders(boolean caller, boolean callee) {
    }

    private final MediaMirror mirror;
    private final String callId;
    private final Map<Side, List<SdpMedia>> lastMedia = new EnumMap<>(Side.class);
    private MirrorSession session;

    public MediaAnchor(MediaMirror mirror, String callId) {
        this.mirror = mirror;
        this.callId = callId;
    }

    /** The media session, opened on first use. */
    public MirrorSession session() throws MediaException {
        if (session == null) {
            session = mirror.open(callId);
        }
        return session;
    }

    public boolean isOpen() {
        return session != null;
    }

    /**
     * Takes the SDP a side sent, points that side's streams at its addresses, and returns the SDP to send to the
     * other side, addressed to the relay's ports facing it.
     */
    public String anchor(Side from, byte[] sdpBody) throws InvalidSdpException, MediaException {
        SessionDescriptionEditor sdp = SessionDescriptionEditor.parse(new String(sdpBody, UTF_8));
        MirrorSession media = session();
        lastMedia.put(from, sdp.media());
        Map<Integer, Integer> ports = new HashMap<>();
        for (SdpMedia m : sdp.media()) {
            if (m.port() == 0) {
                continue;
            }
            RelayStream stream = media.stream(m.index());
            if (!"0.0.0.0".equals(m.address())) {
                try {
                    stream.remote(from, new InetSocketAddress(InetAddress.getByName(m.address()), m.port()));
                } catch (UnknownHostException e) {
                    throw new InvalidSdpException("m= line " + m.index() + ": unknown address " + m.address());
                }
            }
            ports.put(m.index(), stream.localPort(from.other()));
        }
        return sdp.anchoredTo(mirror.address(), i -> ports.getOrDefault(i, 0));
    }

    /**
     * The relay's own answer to the caller's offer (anchored first), for an announcement in early media: its SDP
     * (the relay's address and the port facing the caller) and the stream it accepts.
     */
    public String earlyAnswerSdp(EarlyAnswer answer) throws MediaException {
        return answer.sdp(mirror.address(), session().stream(answer.stream().index()).localPort(Side.A),
                System.currentTimeMillis() / 1000);
    }

    /** The m= lines a side last sent, or an empty list. */
    public List<SdpMedia> lastFrom(Side side) {
        return lastMedia.getOrDefault(side, List.of());
    }

    /** The call's negotiated m= lines: the answerer's if known, else the offerer's. */
    public List<SdpMedia> negotiated() {
        List<SdpMedia> b = lastMedia.get(Side.B);
        return b != null ? b : lastFrom(Side.A);
    }

    /**
     * Who sends now, from the last SDP of both sides (first m= line), or {@code null} while one side's SDP is
     * missing. A side sends when its own direction allows sending and the other side accepts to receive.
     */
    public Senders senders() {
        List<SdpMedia> a = lastMedia.get(Side.A);
        List<SdpMedia> b = lastMedia.get(Side.B);
        if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
            return null;
        }
        SdpMedia ma = a.get(0);
        SdpMedia mb = b.get(0);
        return new Senders(allowsSend(ma) && allowsReceive(mb), allowsSend(mb) && allowsReceive(ma));
    }

    private static boolean allowsSend(SdpMedia m) {
        return m.port() != 0 && ("sendrecv".equals(m.direction()) || "sendonly".equals(m.direction()));
    }

    private static boolean allowsReceive(SdpMedia m) {
        return m.port() != 0 && !"0.0.0.0".equals(m.address())
                && ("sendrecv".equals(m.direction()) || "recvonly".equals(m.direction()));
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
