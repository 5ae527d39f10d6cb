package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.siprec.testsupport.TextFiles;
import org.siprec.testsupport.Tools;

/**
 * Counts UDP packets on the loopback interface with tshark, to prove that RTP went through the relay: SIPp plays
 * RTP but neither counts what it receives nor lets another socket share its media port, so the packets are
 * watched on the wire instead. The capture filter keeps the relay's range only ({@code udp portrange 31000-31999}
 * in these tests); {@link #fromRelayTo(int)} counts packets sent by a relay port to an endpoint's media port.
 */
public final class RtpCapture implements AutoCloseable {

    /** The relay's port range in the black-box tests (set in etc/org.siprec.media.cfg; the distribution has 20000-29999). */
    public static final int RELAY_MIN = Integer.getInteger("siprec.blackbox.relay.min", 31000);
    public static final int RELAY_MAX = Integer.getInteger("siprec.blackbox.relay.max", 31999);

    private final Process process;
    private final Path out;
    private final Path err;
    private List<int[]> packets;

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
        Path tshark = Tools.tshark();
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve("rtp.tsv");
            Path err = dir.resolve("tshark.err");
            Process p = new ProcessBuilder(tshark.toString(), "-i", "lo", "-n", "-l", "-q",
                    "-f", "udp portrange " + RELAY_MIN + "-" + RELAY_MAX,
                    "-T", "fields", "-e", "udp.srcport", "-e", "udp.dstport")
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
            throw new UncheckedIOException("cannot start tshark", e);
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
                    .map(String::trim)
                    .filter(l -> l.matches("\\d+\\s+\\d+"))
                    .map(l -> l.split("\\s+"))
                    .map(a -> new int[] {Integer.parseInt(a[0]), Integer.parseInt(a[1])})
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Packets sent from any relay port to the given (SIPp) media port. */
    public long fromRelayTo(int mediaPort) {
        stop();
        return packets.stream().filter(p -> inRelay(p[0]) && p[1] == mediaPort).count();
    }

    /** Packets sent from the given media port to any relay port. */
    public long toRelayFrom(int mediaPort) {
        stop();
        return packets.stream().filter(p -> p[0] == mediaPort && inRelay(p[1])).count();
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
