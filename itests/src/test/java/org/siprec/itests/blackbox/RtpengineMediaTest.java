package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.rtpengine.RtpengineDaemon;

/**
 * The distribution with rtpengine as its media mirror (feature siprec-media-rtpengine booted,
 * {@code media.target=(mirror=rtpengine)} in etc/org.siprec.src.cfg), against a real rtpengine (Debian
 * rtpengine-daemon, userspace) started by the test: a SIPp caller (440 Hz) and callee (1000 Hz) with RTP through
 * rtpengine, recorded by the embedded SRS from rtpengine's media subscriptions. Fails, never skips, without rtpengine.
 */
public class RtpengineMediaTest extends BlackBoxSupport {
    /** rtpengine's media ports: apart from the built-in relay's range (RtpCapture.RELAY_MIN..MAX) and SIPp's. */
    static final int ENGINE_PORT_MIN = Integer.getInteger("siprec.blackbox.rtpengine.min", 47000);
    static final int ENGINE_PORT_MAX = Integer.getInteger("siprec.blackbox.rtpengine.max", 47999);
    private static final int CALL_MILLIS = 3000;
    private static RtpengineDaemon engine;

    @ClassRule
    public static final KarafResource KARAF = new KarafResource(RtpengineMediaTest.class, k -> {
        try {
            engine = RtpengineDaemon.start(ENGINE_PORT_MIN, ENGINE_PORT_MAX, k.home().resolve("rtpengine.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        k.bootFeature("siprec-media-rtpengine");
        k.config("org.siprec.media.rtpengine", "ng.port", Integer.toString(engine.ngPort()))
                .config("org.siprec.src", "media.target", "(mirror=rtpengine)");
    });

    @AfterClass
    public static void stopEngine() throws InterruptedException {
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void aCallsMediaGoesThroughRtpengineAndItsCopiesAreRecorded() throws Exception {
        Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 10);
        Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 10);
        call(callee("uas_basic.xml").key("pcap", calleeTone.toString()),
                caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(CALL_MILLIS));

        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;
        Path recordings = karaf().home().resolve("data/recordings");
        String entry = await().atMost(Duration.ofSeconds(10))
                .until(() -> EmbeddedSrsRecordingTest.indexEntryFor(recordings, callerAor), Optional::isPresent).get();

        // the packets landed at the SRS: each party's tone in its own channel for the length of the call
        Path wav = recordings.resolve(EmbeddedSrsRecordingTest.field(entry, "wav"));
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = in.getFormat();
            assertEquals("one channel per participant: " + entry, 2, format.getChannels());
            byte[] pcm = in.readAllBytes();
            double seconds = pcm.length / 4 / 8000.0;
            assertTrue("WAV lasts as long as the call (" + seconds + " s vs " + CALL_MILLIS / 1000.0 + " s): " + entry,
                    Math.abs(seconds - CALL_MILLIS / 1000.0) <= 0.5);
            EmbeddedSrsRecordingTest.assertTone("caller's channel", pcm, 0, 440, seconds);
            EmbeddedSrsRecordingTest.assertTone("callee's channel", pcm, 1, 1000, seconds);
        }

        // ... and they came through rtpengine: the call's media session and both forks were set up there (its final
        // stats are logged when the SRC deletes the session at the end of the call)
        String log = await().atMost(Duration.ofSeconds(5)).until(engine::log, l -> l.contains("Final packet stats"));
        for (String command : new String[] {"offer", "answer", "subscribe request", "subscribe answer", "delete"}) {
            assertTrue("rtpengine received '" + command + "':\n" + log,
                    log.contains("Received command '" + command + "'"));
        }
        assertEquals("two forks (caller, callee) subscribed at rtpengine:\n" + log, 2,
                count(log, "Received command 'subscribe answer'"));
        // rtpengine's final stats of the stream (logged at delete): what it received from each party, and the
        // subscriptions of both forks to the SRS's ports
        assertTrue("rtpengine relayed the caller's RTP:\n" + log, received(log, ports.callerMedia) > 100);
        assertTrue("rtpengine relayed the callee's RTP:\n" + log, received(log, ports.calleeMedia) > 100);
        assertTrue("fork of the caller's side at rtpengine:\n" + log, log.contains("--- Tag 'a-srs'"));
        assertTrue("fork of the callee's side at rtpengine:\n" + log, log.contains("--- Tag 'b-srs'"));
        String karafLog = Files.readString(karaf().karafLog(), StandardCharsets.UTF_8);
        assertTrue("the rtpengine mirror answered ping at activation", karafLog.contains("rtpengine media mirror: NG"));
    }

    /**
     * The selection is configuration: {@code media.target=(mirror=builtin)} written into the running distribution
     * rebinds the SRC to the built-in relay (the rtpengine feature stays installed), the next call is recorded without
     * any NG command reaching rtpengine; back to {@code (mirror=rtpengine)}, rtpengine carries the media again.
     */
    @Test
    public void theMirrorIsChosenByMediaTargetLive() throws Exception {
        selectMirror("(mirror=builtin)");
        int offersBefore = count(engine.log(), "Received command 'offer'");
        Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 10);
        Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 10);
        call(callee("uas_basic.xml").key("pcap", calleeTone.toString()),
                caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(1000));
        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;
        Path recordings = karaf().home().resolve("data/recordings");
        String entry = await().atMost(Duration.ofSeconds(10))
                .until(() -> EmbeddedSrsRecordingTest.indexEntryFor(recordings, callerAor), Optional::isPresent).get();
        assertTrue("recorded through the built-in relay: " + entry, entry.contains("\"state\":\"completed\""));
        assertEquals("no NG offer reached rtpengine while the built-in relay is selected", offersBefore,
                count(engine.log(), "Received command 'offer'"));
        // issue 10: /metrics, readiness and siprec:status read the selected mirror, not the highest-ranked one (the
        // built-in relay, ranking 0, is always there; rtpengine has -100): the relay counts packets per direction
        // and has a finite port pool, rtpengine counts none and reports Integer.MAX_VALUE free ports
        String builtin = OpsEndpointsTest.scrape();
        assertTrue("the built-in relay's counts while it is selected:\n" + builtin,
                OpsEndpointsTest.value(builtin, "siprec_media_packets_received_total{direction=\"caller\"}") > 0);
        assertTrue(OpsEndpointsTest.value(builtin, "siprec_media_ports_free") < Integer.MAX_VALUE);
        selectMirror("(mirror=rtpengine)");
        String engineMetrics = OpsEndpointsTest.scrape();
        assertFalse("rtpengine selected: no per-direction series (rtpengine does not count them):\n" + engineMetrics,
                engineMetrics.contains("siprec_media_packets_received_total"));
        assertEquals(Integer.MAX_VALUE, OpsEndpointsTest.value(engineMetrics, "siprec_media_ports_free"), 0.0);
        String status = PolicyDirectoryTest.client(karaf(), "siprec:status");
        assertTrue("siprec:status shows rtpengine's free ports:\n" + status,
                Pattern.compile("(?m)^\\s*media\\.ports\\.free\\s*\\|\\s*" + Integer.MAX_VALUE).matcher(status).find());
    }

    /** Writes media.target live and waits until the SRC is bound again (a new "SRC ready") and answers OPTIONS 200. */
    private void selectMirror(String target) throws IOException {
        int readyBefore = count(Files.readString(karaf().karafLog(), StandardCharsets.UTF_8), "SRC ready");
        karaf().configLive("org.siprec.src", "media.target", target);
        await("SRC rebound to " + target).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> count(Files.readString(karaf().karafLog(), StandardCharsets.UTF_8), "SRC ready") > readyBefore
                        && RawSip.optionsAnsweredOk(KarafProcess.SIP_HOST, KarafProcess.SIP_PORT, 250));
    }

    /** Packets rtpengine's final stats say it received from 127.0.0.1:{@code port} (a party's RTP port). */
    private static int received(String log, int port) {
        Matcher m = Pattern.compile("Port +127\\.0\\.0\\.1:\\d+ <> +127\\.0\\.0\\.1:" + port + ", SSRC \\w+, (\\d+) p,")
                .matcher(log);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}
