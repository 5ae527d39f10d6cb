package org.siprec.media.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.siprec.api.media.Playback;
import org.siprec.api.media.PlaybackListener;
import org.siprec.api.media.RelayStream.Side;
import org.siprec.media.rtp.G711;
import org.siprec.media.rtp.RtpPacket;
import org.siprec.media.rtp.SelectorLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prompt sent toward one side of a {@link RelayStreamImpl}: 20 ms G.711 packets (160 samples, timestamp + 160 each)
 * from the side's own RTP port, paced by {@link SelectorLoop#schedule(long, Runnable)} on the stream's loop, which is
 * the thread that owns the channel. Packet {@code n} is due at start + n × 20 ms (absolute, so a late wake-up does not
 * push the rest of the prompt later). The first packet carries the marker bit (RFC 3551 section 4.1: first packet of
 * a talkspurt); sequence number and timestamp start at random values (RFC 3550 section 5.1); the SSRC is a fresh one
 * from the relay's {@link Ssrcs}, like a fork's, released when the playback ends.
 *
 * <p>The remote is read for every packet, so a re-INVITE that moves the party during the prompt is followed; with no
 * remote (held, not yet announced) the packet is skipped and counted as dropped, time goes on.
 */
final class PlaybackImpl implements Playback {
    private static final Logger LOG = LoggerFactory.getLogger(PlaybackImpl.class);
    static final int SAMPLES_PER_PACKET = 160;
    static final long PACKET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RelayStreamImpl stream;
    private final Side side;
    private final DatagramChannel channel;
    private final G711 codec;
    private final short[] pcm;
    private final int ssrc;
    private final Ssrcs ssrcs;
    private final PlaybackListener listener;
    private final int firstSequence;
    private final long firstTimestamp;
    /** Loop thread only; one packet's buffer, reused (172 bytes). */
    private final ByteBuffer packet = ByteBuffer.allocate(RtpPacket.FIXED_HEADER_LENGTH + SAMPLES_PER_PACKET);
    private final short[] frame = new short[SAMPLES_PER_PACKET];
    private final AtomicBoolean ended = new AtomicBoolean();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** Loop thread only. */
    private long startNanos;
    private int index;

    PlaybackImpl(RelayStreamImpl stream, Side side, DatagramChannel channel, G711 codec, short[] pcm, Ssrcs ssrcs,
            PlaybackListener listener) {
        this.stream = stream;
        this.side = side;
        this.channel = channel;
        this.codec = codec;
        this.pcm = pcm;
        this.ssrcs = ssrcs;
        this.ssrc = ssrcs.allocate();
        this.listener = listener;
        this.firstSequence = RANDOM.nextInt(0x10000);
        this.firstTimestamp = RANDOM.nextInt() & 0xFFFFFFFFL;
    }

    /** Packets in the prompt: its samples in 20 ms frames, the last one padded with silence. */
    int packets() {
        return (pcm.length + SAMPLES_PER_PACKET - 1) / SAMPLES_PER_PACKET;
    }

    long ssrc() {
        return Integer.toUnsignedLong(ssrc);
    }

    int firstSequence() {
        return firstSequence;
    }

    long firstTimestamp() {
        return firstTimestamp;
    }

    /** Starts on the loop: the first packet goes out at once. */
    void start(SelectorLoop loop) {
        loop.execute(() -> {
            startNanos = System.nanoTime();
            tick(loop);
        });
    }

    /** Loop thread: sends packet {@link #index} and schedules the next, or ends when all were sent. */
    private void tick(SelectorLoop loop) {
        if (ended.get()) {
            return;
        }
        int n = packets();
        if (index >= n) {
            end(Outcome.COMPLETED);
            return;
        }
        int offset = index * SAMPLES_PER_PACKET;
        int length = Math.min(SAMPLES_PER_PACKET, pcm.length - offset);
        System.arraycopy(pcm, offset, frame, 0, length);
        java.util.Arrays.fill(frame, length, SAMPLES_PER_PACKET, (short) 0); // silence pads the last frame
        packet.clear();
        RtpPacket.writeHeader(packet, index == 0, codec.payloadType(), (firstSequence + index) & 0xFFFF,
                (firstTimestamp + (long) index * SAMPLES_PER_PACKET) & 0xFFFFFFFFL, ssrc);
        codec.encode(frame, 0, SAMPLES_PER_PACKET, packet);
        packet.flip();
        InetSocketAddress to = stream.remote(side);
        if (to == null) {
            dropped.increment();
        } else {
            try {
                if (channel.send(packet, to) > 0) {
                    sent.increment();
                } else {
                    dropped.increment();
                }
            } catch (IOException e) {
                dropped.increment();
                LOG.debug("{}: sending prompt packet to {} failed: {}", this, to, e.toString());
            }
        }
        index++;
        // the packet after the last is the end: the prompt has then been heard for its whole length
        loop.schedule(startNanos + index * PACKET_NANOS, () -> tick(loop));
    }

    @Override
    public Side side() {
        return side;
    }

    @Override
    public void stop() {
        SelectorLoop loop = stream.loop();
        if (loop.isRunning()) {
            try {
                loop.execute(() -> end(Outcome.STOPPED));
                return;
            } catch (IllegalStateException stoppedMeanwhile) {
                // fall through
            }
        }
        end(Outcome.STOPPED);
    }

    /** Ends once: frees the side for the relay and the SSRC, then tells the listener (never twice). */
    void end(Outcome outcome) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        stream.playbackEnded(this);
        ssrcs.release(ssrc);
        LOG.debug("{}: prompt {} after {} packets ({} dropped)", this, outcome, sent.sum(), dropped.sum());
        if (listener != null) {
            try {
                listener.ended(this, outcome);
            } catch (RuntimeException e) {
                LOG.warn("{}: playback listener failed", this, e);
            }
        }
    }

    @Override
    public boolean ended() {
        return ended.get();
    }

    @Override
    public long packetsSent() {
        return sent.sum();
    }

    long packetsDropped() {
        return dropped.sum();
    }

    @Override
    public String toString() {
        return stream + "/play-" + side;
    }
}
