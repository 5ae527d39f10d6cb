package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Pause and resume of a live call's recording through the distribution as an operator does it: a call whose parties
 * send tones (SIPp), {@code siprec:pause <call>} and {@code siprec:resume <call>} through {@code bin/client}, the
 * default embedded SRS recording. On the wire (tshark on lo) no copy leaves the relay for the SRS between the pause
 * and the resume; the SRS records the pause in its index, shows it in {@code siprec:recording}, and its WAV is
 * silent over that interval (± 100 ms) and has the tones before and after.
 */
public class PauseResumeTest extends BlackBoxSupport {
    @ClassRule
    public static final KarafResource KARAF = new KarafResource(PauseResumeTest.class);

    /**
     * Long enough for the five bin/client commands before the resume (each starts a JVM and logs in over SSH: about
     * 1 s on an idle machine, 3.5 s seen on a loaded one, where 14 s once ended the call before the second pause).
     */
    private static final int CALL_MILLIS = 22_000;
    private static final Pattern CALL_ID = Pattern.compile("(\\d+-\\d+@127\\.0\\.0\\.1)");
    private static final Pattern AT = Pattern.compile(" at (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)");

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void nothingReachesTheSrsWhilePausedAndTheEmbeddedSrsRecordsThePauseAsSilence() throws Exception {
        Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 24);
        Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 24);
        Path recordings = karaf().home().resolve("data/recordings");
        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;
        try (RtpCapture capture = RtpCapture.start(testDir())) {
            Sipp.Run callee = started(callee("uas_basic.xml").key("pcap", calleeTone.toString()).startListening());
            Sipp.Run caller = started(caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(CALL_MILLIS)
                    .timeout(Duration.ofSeconds(60)).start());

            String callId = await("the call in siprec:calls").atMost(Duration.ofSeconds(15))
                    .until(() -> callIdIn(PolicyDirectoryTest.client(karaf(), "siprec:calls")), Optional::isPresent).get();
            String error = PolicyDirectoryTest.client(karaf(), "siprec:resume " + callId);
            assertTrue("resume before pause is refused: " + error, error.contains("Error (NOT_PAUSED)"));
            // the recording session is opened after the answer: until the SRS accepted, pause says NOT_STARTED
            String paused = await("siprec:pause").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> PolicyDirectoryTest.client(karaf(), "siprec:pause " + callId), o -> o.contains("paused at"));
            Instant pausedAt = at(paused);
            String again = PolicyDirectoryTest.client(karaf(), "siprec:pause " + callId);
            assertTrue("a second pause is refused: " + again, again.contains("Error (ALREADY_PAUSED)"));
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            String resumed = PolicyDirectoryTest.client(karaf(), "siprec:resume " + callId);
            assertTrue("resume succeeds: " + resumed, resumed.contains("resumed at"));
            Instant resumedAt = at(resumed);
            assertTrue("still in the call after the resume, with time to record: " + resumedAt,
                    caller.isAlive());

            assertSucceeded(caller);
            assertSucceeded(callee);
            String entry = await("the index line").atMost(Duration.ofSeconds(10))
                    .until(() -> indexEntryFor(recordings, callerAor), Optional::isPresent).get();
            capture.stop();

            // on the wire: the relay's copies to the SRS's two ports, none between the pause and the resume
            List<Integer> srsPorts = intFields(entry, "port");
            assertEquals("two recorded streams: " + entry, 2, srsPorts.size());
            double from = pausedAt.toEpochMilli() / 1000.0 + 0.02; // a copy already on its way
            // the resume time siprec:resume prints is taken after the copies restart (CallRecorder audits and logs the
            // resume in between), so the first copies of the resumed interval may come just before it
            double to = resumedAt.toEpochMilli() / 1000.0 - 0.05;
            for (int port : srsPorts) {
                List<Double> times = capture.timesFromRelayTo(port);
                assertTrue("copies to SRS port " + port + " before the pause: " + times.size(),
                        times.stream().filter(t -> t < from).count() >= 20);
                assertEquals("copies to SRS port " + port + " between the pause and the resume", 0,
                        times.stream().filter(t -> t > from && t < to).count());
                assertTrue("copies to SRS port " + port + " after the resume",
                        times.stream().filter(t -> t > to).count() >= 20);
            }

            // at the SRS: the pause in the index and in siprec:recording
            Matcher pause = Pattern.compile("\"pauses\":\\[\\{\"start\":\"([^\"]+)\",\"end\":\"([^\"]+)\"\\}\\]").matcher(entry);
            assertTrue("one pause in the index line: " + entry, pause.find());
            Instant pauseStart = Instant.parse(pause.group(1));
            Instant pauseEnd = Instant.parse(pause.group(2));
            assertTrue("the SRS's pause starts when the SRC paused: " + pauseStart + " vs " + pausedAt,
                    Math.abs(Duration.between(pausedAt, pauseStart).toMillis()) < 500);
            assertTrue("the SRS's pause ends when the SRC resumed: " + pauseEnd + " vs " + resumedAt,
                    Math.abs(Duration.between(resumedAt, pauseEnd).toMillis()) < 500);
            String shown = PolicyDirectoryTest.client(karaf(), "siprec:recording --no-metadata " + field(entry, "id"));
            assertTrue("siprec:recording shows the pause: " + shown, shown.contains("Paused") && shown.contains(pause.group(1)));

            // the WAV: silence over the pause in both channels, each party's tone before and after it
            Instant start = Instant.parse(field(entry, "start"));
            long pauseFromMs = Duration.between(start, pauseStart).toMillis();
            long pauseToMs = Duration.between(start, pauseEnd).toMillis();
            byte[] pcm;
            try (AudioInputStream in = AudioSystem.getAudioInputStream(recordings.resolve(field(entry, "wav")).toFile())) {
                assertEquals(2, in.getFormat().getChannels());
                pcm = in.readAllBytes();
            }
            for (int channel = 0; channel < 2; channel++) {
                long[] silent = silentInterval(pcm, channel, pauseFromMs - 1000);
                assertNotNull("channel " + channel + " has a silent interval after its tone", silent);
                assertEquals("channel " + channel + ": silence starts with the pause", pauseFromMs, silent[0], 100);
                assertEquals("channel " + channel + ": the tone is back when the pause ends", pauseToMs, silent[1], 100);
            }
        }
    }

    /** The first run of silent 20 ms blocks after {@code afterMs} and where sound comes back, in ms of the WAV. */
    private static long[] silentInterval(byte[] pcm, int channel, long afterMs) {
        int blocks = pcm.length / 4 / 160;
        long from = -1;
        for (int b = (int) Math.max(0, afterMs / 20); b < blocks; b++) {
            int peak = 0;
            for (int f = b * 160; f < (b + 1) * 160; f++) {
                int i = f * 4 + channel * 2;
                peak = Math.max(peak, Math.abs((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8))));
            }
            boolean silent = peak < 200;
            if (silent && from < 0) {
                from = b * 20L;
            } else if (!silent && from >= 0) {
                return new long[] {from, b * 20L};
            }
        }
        return null;
    }

    private static Optional<String> callIdIn(String calls) {
        Matcher m = CALL_ID.matcher(calls);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Instant at(String output) {
        Matcher m = AT.matcher(output);
        assertTrue("a time in: " + output, m.find());
        return Instant.parse(m.group(1));
    }

    private static Optional<String> indexEntryFor(Path recordings, String callerAor) throws IOException {
        Path index = recordings.resolve("index.jsonl");
        if (!Files.exists(index)) {
            return Optional.empty();
        }
        return Files.readAllLines(index, StandardCharsets.UTF_8).stream().filter(l -> l.contains("\"" + callerAor + "\""))
                .reduce((a, b) -> b);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertTrue(name + " in " + json, m.find());
        return m.group(1);
    }

    private static List<Integer> intFields(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        List<Integer> values = new java.util.ArrayList<>();
        while (m.find()) {
            values.add(Integer.parseInt(m.group(1)));
        }
        return values;
    }
}
