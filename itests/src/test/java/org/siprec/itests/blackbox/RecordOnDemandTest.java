package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * Recording on demand through the distribution as an operator does it: the record-all policy is disabled, so no
 * policy records the call (SIPp caller and callee sending tones); {@code siprec:record start <call>} through
 * {@code bin/client} records it at the default embedded SRS, {@code siprec:record stop <call>} ends the recording
 * while the call goes on. The SRS's index has one completed recording of that call, as long as the interval between
 * start and stop (not the call), and its metadata says who started it.
 */
public class RecordOnDemandTest extends BlackBoxSupport {
    @ClassRule
    public static final KarafResource KARAF = new KarafResource(RecordOnDemandTest.class,
            k -> k.config(PolicyHotDeployTest.RECORDALL, "enabled", "false"));

    private static final int CALL_MILLIS = 25_000; // bin/client takes 1-2 s a command: time for six of them
    private static final Pattern CALL_ID = Pattern.compile("(\\d+-\\d+@127\\.0\\.0\\.1)");
    private static final Pattern AT = Pattern.compile(" at (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)");

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void anOperatorStartsAndStopsTheRecordingOfACallNoPolicyRecords() throws Exception {
        Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 16);
        Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 16);
        Path recordings = karaf().home().resolve("data/recordings");
        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;
        Sipp.Run callee = started(callee("uas_basic.xml").key("pcap", calleeTone.toString()).startListening());
        Sipp.Run caller = started(caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(CALL_MILLIS)
                .timeout(Duration.ofSeconds(60)).start());

        String callId = await("the call in siprec:calls").atMost(Duration.ofSeconds(15))
                .until(() -> callIdIn(PolicyDirectoryTest.client(karaf(), "siprec:calls")), Optional::isPresent).get();
        String notRecorded = PolicyDirectoryTest.client(karaf(), "siprec:record stop " + callId);
        assertTrue("stop of a call no policy records is refused: " + notRecorded, notRecorded.contains("Error (NOT_RECORDED)"));
        String unknown = PolicyDirectoryTest.client(karaf(), "siprec:record begin " + callId);
        assertTrue("an unknown action is named: " + unknown, unknown.contains("unknown action 'begin'"));

        // until the callee answered, start says NOT_ANSWERED
        String started = await("siprec:record start").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                .until(() -> PolicyDirectoryTest.client(karaf(), "siprec:record start " + callId), o -> !o.contains("NOT_ANSWERED"));
        assertTrue("start succeeds: " + started, started.contains("started at"));
        Instant startedAt = at(started);
        String again = PolicyDirectoryTest.client(karaf(), "siprec:record start " + callId);
        assertTrue("a second start is refused: " + again, again.contains("Error (ALREADY_RECORDED)"));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        String stopped = PolicyDirectoryTest.client(karaf(), "siprec:record stop " + callId);
        assertTrue("stop succeeds: " + stopped, stopped.contains("stopped at"));
        Instant stoppedAt = at(stopped);

        // the recording ended at the SRS while the call goes on
        String entry = await("the index line").atMost(Duration.ofSeconds(10))
                .until(() -> indexEntryFor(recordings, callerAor), Optional::isPresent).get();
        assertTrue("the call goes on after the stop", caller.isAlive());
        assertSucceeded(caller);
        assertSucceeded(callee);

        assertEquals("completed: " + entry, "completed", field(entry, "state"));
        double seconds = Double.parseDouble(number(entry, "durationSeconds"));
        double expected = Duration.between(startedAt, stoppedAt).toMillis() / 1000.0;
        assertEquals("the recording lasts from the start to the stop, not the call: " + entry, expected, seconds, 0.7);
        assertTrue("the WAV exists: " + entry, Files.size(recordings.resolve(field(entry, "wav"))) > 44);
        String metadata = Files.readString(recordings.resolve(firstMetadata(entry)), StandardCharsets.UTF_8);
        assertTrue("the metadata's decision names who started it: " + metadata, metadata.contains("on demand by shell:karaf"));
        assertFalse("one recording of the call: " + entry, indexLines(recordings, callerAor) > 1);
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

    private static long indexLines(Path recordings, String callerAor) throws IOException {
        return Files.readAllLines(recordings.resolve("index.jsonl"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"" + callerAor + "\"")).count();
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

    private static String firstMetadata(String json) {
        Matcher m = Pattern.compile("\"metadata\":\\[\"([^\"]+)\"").matcher(json);
        assertTrue("metadata in " + json, m.find());
        return m.group(1);
    }
}
