package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.siprec.testsupport.TextFiles;
import org.siprec.testsupport.Tools;

/**
 * Counts UDP packets on the loopback interface with tshark, to prove that RTP went through the relay: SIPp plays
 * RTP but neither counts what it receives nor lets another socket share its media port, so the packets are
 * watched on the wire instead. The capture filter keeps the relay's range only ({@code udp portrange 31000-31999}
 * in these tests); {@link #fromRelayTo(int)} counts packets sent by a relay port to an endpoint's media port.
 * <p>
 * {@link #start(Path, int...)} also captures the SIP traffic of the given ports (UDP and TCP): each {@link Packet}
 * then carries the kernel's capture time and the SIP start line, so that a test can tell in which order things
 * left the platform (one clock, the order on the wire), which SIPp's per-process traces cannot.
 */
public final class RtpCapture implements AutoCloseable {

    /** The relay's port range in the black-box tests (set in etc/org.siprec.media.cfg; the distribution has 20000-29999). */
    public static final int RELAY_MIN = Integer.getInteger("siprec.blackbox.relay.min", 31000);
    public static final int RELAY_MAX = Integer.getInteger("siprec.blackbox.relay.max", 31999);

    /**
     * One captured packet: capture time (seconds since the epoch), transport, ports, whether it is a TCP SYN
     * (without ACK: a connection attempt), and for SIP the request or status line (empty otherwise).
     */
    public record Packet(double time, boolean tcp, int src, int dst, boolean syn, String sip) {
        public boolean fromRelay() {
            return !tcp && inRelay(src);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.6f %s %d->%d%s %s", time, tcp ? "tcp" : "udp", src, dst,
                    syn ? " SYN" : "", sip);
        }
    }

    private final Process process;
    private final Path out;
    private final Path err;
    private List<Packet> packets;

    private RtpCapture(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts tshark and waits until it captures. Fails the test (never skips it) when tshark is not installed or
     * may not capture on lo.
     */
    public static RtpCapture start(Path dir) {
        return start(dir, new int[0]);
    }

    /**
     * Starts tshark on the relay's range and on the given SIP ports (UDP and TCP, e.g. the B2BUA's and an SRS's),
     * and waits until it captures.
     */
    public static RtpCapture start(Path dir, int... sipPorts) {
        Path tshark = Tools.tshark();
        StringBuilder filter = new StringBuilder("udp portrange " + RELAY_MIN + "-" + RELAY_MAX);
        for (int port : sipPorts) {
            filter.append(" or port ").append(port);
        }
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve("rtp.tsv");
            Path err = dir.resolve("tshark.err");
            List<String> command = new ArrayList<>(List.of(tshark.toString(), "-i", "lo", "-n", "-l", "-q",
                    "-f", filter.toString()));
            for (int port : sipPorts) {
                // SIP on these ports whatever Wireshark registers there: a test's SRS once got 5404/5405, Corosync's
                // ports, and its 488 was decoded as Corosync, so the test found no SIP in the capture
                command.addAll(List.of("-d", "udp.port==" + port + ",sip", "-d", "tcp.port==" + port + ",sip"));
            }
            command.addAll(List.of("-T", "fields", "-E", "separator=/t", "-E", "occurrence=f",
                    "-e", "frame.time_epoch", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "tcp.srcport",
                    "-e", "tcp.dstport", "-e", "tcp.flags.syn", "-e", "tcp.flags.ack",
                    "-e", "sip.Request-Line", "-e", "sip.Status-Line"));
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            RtpCapture c = new RtpCapture(p, out, err);
            await("tshark capturing on lo").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("tshark cannot capture on lo (exit " + p.exitValue() + "): it must run"
                                    + " as root, or as a member of the wireshark group with dumpcap allowed to capture"
                                    + " (dpkg-reconfigure wireshark-common)\n" + TextFiles.tail(err, 10));
                        }
                        return Files.readString(err, StandardCharsets.ISO_8859_1).contains("Capturing on");
                    });
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tshark: install the Debian package tshark (capturing on lo needs root or the wireshark group)", e);
        }
    }

    /** Stops the capture (lets tshark flush) and reads the packets. */
    public RtpCapture stop() {
        if (packets != null) {
            return this;
        }
        close();
        try {
            packets = Files.readAllLines(out, StandardCharsets.ISO_8859_1).stream()
                    .map(RtpCapture::parse)
                    .filter(java.util.Objects::nonNull)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static Packet parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length < 9 || f[0].isEmpty()) {
            return null;
        }
        boolean tcp = f[1].isEmpty();
        String src = tcp ? f[3] : f[1];
        String dst = tcp ? f[4] : f[2];
        if (!src.matches("\\d+") || !dst.matches("\\d+")) {
            return null;
        }
        boolean syn = tcp && flag(f[5]) && !flag(f[6]);
        String sip = !f[7].isEmpty() ? f[7] : f[8];
        return new Packet(Double.parseDouble(f[0]), tcp, Integer.parseInt(src), Integer.parseInt(dst), syn, sip.strip());
    }

    private static boolean flag(String value) {
        return "1".equals(value) || "True".equalsIgnoreCase(value);
    }

    /** Every captured packet in capture order. */
    public List<Packet> packets() {
        stop();
        return packets;
    }

    /** Packets sent from the given (relay) UDP port, to anywhere. */
    public long fromPort(int port) {
        stop();
        return packets.stream().filter(p -> !p.tcp() && p.src() == port).count();
    }

    /** Capture times of the RTP packets from the relay to the given media port. */
    public List<Double> timesFromRelayTo(int mediaPort) {
        stop();
        return packets.stream().filter(p -> p.fromRelay() && p.dst() == mediaPort).map(Packet::time).toList();
    }

    /** The first packet matching, or null. */
    public Packet first(java.util.function.Predicate<Packet> which) {
        stop();
        return packets.stream().filter(which).findFirst().orElse(null);
    }

    /** Packets sent from any relay port to the given (SIPp) media port. */
    public long fromRelayTo(int mediaPort) {
        stop();
        return packets.stream().filter(p -> p.fromRelay() && p.dst() == mediaPort).count();
    }

    /** Packets sent from the given media port to any relay port. */
    public long toRelayFrom(int mediaPort) {
        stop();
        return packets.stream().filter(p -> !p.tcp() && p.src() == mediaPort && inRelay(p.dst())).count();
    }

    public String summary(int... mediaPorts) {
        StringBuilder sb = new StringBuilder("captured ").append(packets == null ? "?" : packets.size()).append(" packets");
        for (int m : mediaPorts) {
            sb.append("; ").append(m).append(": to relay ").append(toRelayFrom(m)).append(", from relay ").append(fromRelayTo(m));
        }
        return sb.toString();
    }

    private static boolean inRelay(int port) {
        return port >= RELAY_MIN && port <= RELAY_MAX;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: tshark writes what it has and exits
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
