package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * The maximum duration of a recording (issue 14, "Limits") through the distribution: the record-all policy with
 * {@code max.duration.seconds=2} in its {@code etc/} file, the default embedded SRS, a SIPp call of 8 s sending
 * tones. The SRS's index has the recording completed while the call still runs, about 2 s long (well under the
 * call); the call's legs complete normally; {@code /metrics} counts the stop by reason; {@code siprec:explain} shows
 * the limit and whose it is.
 */
public class RecordingLimitsTest extends BlackBoxSupport {
    @ClassRule
    public static final KarafResource KARAF = new KarafResource(RecordingLimitsTest.class,
            k -> k.config(PolicyHotDeployTest.RECORDALL, "enabled", "true").config(PolicyHotDeployTest.RECORDALL, "max.duration.seconds", "2"));

    private static final int CALL_MILLIS = 8_000;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void theRecordAllPolicysLimitStopsTheRecordingWhileTheCallGoesOn() throws Exception {
        Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 16);
        Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 16);
        Path recordings = karaf().home().resolve("data/recordings");
        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;
        Sipp.Run callee = started(callee("uas_basic.xml").key("pcap", calleeTone.toString()).startListening());
        Sipp.Run caller = started(caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(CALL_MILLIS)
                .timeout(Duration.ofSeconds(60)).start());

        String entry = await("the index line of the recording").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> indexEntryFor(recordings, callerAor), Optional::isPresent).get();
        assertTrue("the recording ended while the call goes on", caller.isAlive());
        assertSucceeded(caller);
        assertSucceeded(callee);

        assertEquals("completed: " + entry, "completed", field(entry, "state"));
        double seconds = Double.parseDouble(number(entry, "durationSeconds"));
        assertTrue("the recording lasts about its 2 s limit, not the 8 s call: " + entry, seconds >= 1.0 && seconds < 5.0);

        String metrics = await("the stop counted on /metrics").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(OpsEndpointsTest::scrape, m -> m.contains("siprec_recordings_stopped_total{reason=\"max-duration\"} 1.0"));
        assertTrue(metrics, metrics.contains("siprec_recordings_completed_total"));

        String explained = PolicyDirectoryTest.client(karaf(), "siprec:explain +33123 +33612345678");
        assertTrue("explain shows the limit: " + explained, explained.contains("max-duration 2 s")
                && explained.contains("RECORD (max 2 s)"));
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

    private static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":([0-9.]+)").matcher(json);
        assertTrue(name + " in " + json, m.find());
        return m.group(1);
    }
}
