package org.siprec.media.internal;

import java.util.List;
import java.util.TreeMap;
import org.siprec.api.media.MediaException;
import org.siprec.api.media.MirrorSession;
import org.siprec.api.media.RelayStream;

/** The streams of one call, allocated lazily per {@code m=} line index. */
final class MirrorSessionImpl implements MirrorSession {
    private final RtpRelay relay;
    private final String callId;
    private final TreeMap<Integer, RelayStreamImpl> streams = new TreeMap<>();
    private boolean closed;

    MirrorSessionImpl(RtpRelay relay, String callId) {
        this.relay = relay;
        this.callId = callId;
    }

    String callId() {
        return callId;
    }

    @Override
    public synchronized RelayStream stream(int index) throws MediaException {
        if (index < 0) {
            throw new IllegalArgumentException("stream index must not be negative: " + index);
        }
        if (closed) {
            throw new MediaException("media session of call " + callId + " is closed");
        }
        RelayStreamImpl stream = streams.get(index);
        if (stream == null) {
            stream = relay.newStream(callId, index);
            streams.put(index, stream);
        }
        return stream;
    }

    @Override
    public synchronized List<RelayStream> streams() {
        return List.copyOf(streams.values());
    }

    @Override
    public void close() {
        List<RelayStreamImpl> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = List.copyOf(streams.values());
        }
        for (RelayStreamImpl stream : toClose) {
            stream.close();
        }
        relay.closed(this);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "media session " + callId;
    }
}
