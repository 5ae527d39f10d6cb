package org.siprec.media.rtpengine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream;

/**
 * One call's media in rtpengine. Each stream ({@code m=} line) is an rtpengine call of its own
 * ({@code <call-id>#<index>}), with one m= line, so that the SPI's per-stream addresses map one to one onto NG
 * offers and answers. Used on the call's thread only, as the SPI's sessions are.
 */
final class RtpengineSession implements MirrorSession {
    private final RtpengineMirror mirror;
    private final String callId;
    private final Map<Integer, RtpengineStream> streams = new TreeMap<>();
    private boolean closed;

    RtpengineSession(RtpengineMirror mirror, String callId) {
        this.mirror = mirror;
        this.callId = callId;
    }

    @Override
    public synchronized RelayStream stream(int index) throws MediaException {
        if (closed) {
            throw new MediaException("media session of call " + callId + " is closed");
        }
        RtpengineStream stream = streams.get(index);
        if (stream == null) {
            stream = RtpengineStream.open(mirror.ng(), callId + "#" + index);
            streams.put(index, stream);
        }
        return stream;
    }

    @Override
    public synchronized List<RelayStream> streams() {
        return new ArrayList<>(streams.values());
    }

    @Override
    public void close() {
        List<RtpengineStream> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(streams.values());
        }
        toClose.forEach(RtpengineStream::close);
        mirror.closed(this);
    }
}
