package org.siprec.testcall.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.siprec.media.rtp.G711;
import org.siprec.media.rtp.RtpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side's G.711 µ-law RTP stream on its own UDP socket: every 20 ms (paced by a scheduled executor) one packet of
 * 160 samples of a tone is sent to the far address, and whatever arrived meanwhile is counted. Sequence number,
 * timestamp and SSRC start at random values (RFC 3550 5.1); the first packet carries the marker bit.
 */
public final class RtpStream implements AutoCloseable {
    public static final int PAYLOAD_TYPE_PCMU = G711.MU_LAW.payloadType();
    static final int HEADER = RtpPacket.FIXED_HEADER_LENGTH;
    static final long PERIOD_MS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(RtpStream.class);

    private final DatagramChannel channel;
    private final ToneGenerator tone;
    private final int ssrc;
    private final ByteBuffer packet = ByteBuffer.allocate(HEADER + ToneGenerator.SAMPLES_PER_FRAME);
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(2048);
    private int sequence;
    private long timestamp;
    private volatile InetSocketAddress remote;
    private volatile long sent;
    private volatile long received;
    private volatile long maxPackets;
    private ScheduledFuture<?> task;
    private Runnable onDone;

    /** Opens the socket on {@code address} (an ephemeral port, even if one is found quickly). */
    public RtpStream(String address, ToneGenerator tone) throws IOException {
        this.tone = tone;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.ssrc = random.nextInt();
        this.sequence = random.nextInt(0x10000);
        this.timestamp = random.nextLong(0x1_0000_0000L);
        this.channel = openEven(address);
        channel.configureBlocking(false);
    }

    /** RTP belongs on an even port (RFC 3550 11); tries a few ephemeral ports, else takes any. */
    private static DatagramChannel openEven(String address) throws IOException {
        for (int attempt = 0; attempt < 8; attempt++) {
            DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.bind(new InetSocketAddress(address, 0));
            if (((InetSocketAddress) ch.getLocalAddress()).getPort() % 2 == 0) {
                return ch;
            }
            ch.close();
        }
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.bind(new InetSocketAddress(address, 0));
        return ch;
    }

    public int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int ssrc() {
        return ssrc;
    }

    /** RTP packets sent so far. */
    public long sent() {
        return sent;
    }

    /** Well-formed RTP packets received so far (RTCP and garbage not counted). */
    public long received() {
        return received;
    }

    /** Seconds of audio sent so far (20 ms per packet). */
    public double secondsSent() {
        return sent * PERIOD_MS / 1000.0;
    }

    /** Sends to a new far address from the next packet on (re-INVITE). */
    public void retarget(InetSocketAddress to) {
        this.remote = to;
    }

    /**
     * Starts sending to {@code to} on {@code executor}: {@code maxPackets} packets, then {@code onDone} runs on the
     * executor. Must be called on the executor's thread (as {@link #stop()}).
     */
    public void start(ScheduledExecutorService executor, InetSocketAddress to, long maxPackets, Runnable onDone) {
        if (task != null) {
            return;
        }
        this.remote = to;
        this.maxPackets = maxPackets;
        this.onDone = onDone;
        task = executor.scheduleAtFixedRate(this::tick, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    public boolean started() {
        return task != null;
    }

    /** Stops sending (and counting); the socket stays open until {@link #close()}. */
    public void stop() {
        if (task != null) {
            task.cancel(false);
        }
        drain();
    }

    private void tick() {
        drain();
        if (sent >= maxPackets) {
            return;
        }
        try {
            fill();
            channel.send(packet, remote);
            sent++;
        } catch (IOException | RuntimeException e) {
            LOG.debug("RTP to {} not sent: {}", remote, e.toString());
        }
        if (sent >= maxPackets) {
            task.cancel(false);
            Runnable done = onDone;
            onDone = null;
            if (done != null) {
                done.run();
            }
        }
    }

    private void fill() {
        packet.clear();
        RtpPacket.writeHeader(packet, sent == 0, PAYLOAD_TYPE_PCMU, sequence, timestamp, Integer.toUnsignedLong(ssrc));
        tone.nextMuLaw(packet);
        packet.flip();
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + ToneGenerator.SAMPLES_PER_FRAME) & 0xFFFF_FFFFL;
    }

    private void drain() {
        try {
            while (true) {
                receiveBuffer.clear();
                if (channel.receive(receiveBuffer) == null) {
                    return;
                }
                receiveBuffer.flip();
                if (RtpPacket.check(receiveBuffer) == RtpPacket.Verdict.RTP) {
                    received++;
                }
            }
        } catch (IOException e) {
            LOG.debug("RTP receive: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("RTP socket close: {}", e.toString());
        }
    }
}
