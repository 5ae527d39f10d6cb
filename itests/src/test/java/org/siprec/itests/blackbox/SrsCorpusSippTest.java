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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.siprec.testsupport.sipp.Sipp;

/**
 * The RS INVITE corpus ({@code bundles/org.siprec.srs.embedded/src/test/resources/rs-invites/}, one form per file)
 * driven by SIPp through the running distribution: for every file a SIPp UAC scenario is generated
 * ({@link CorpusSippScenario}, written to the test's trace folder) and run against the distribution's embedded SRS
 * (one Karaf for the class, SRS endpoint on {@link RecordingSupport#EMBEDDED_SRS_PORT}), over UDP, or over TCP where
 * the message exceeds 1300 bytes (RFC 3261 section 18.1.1). A form the corpus announces as recorded must get a 200
 * (SIPp: ACK, ~1 s of the G.711 capture, BYE, 200), and its recording must appear in {@code index.jsonl} as
 * completed with the announced participants (in order) and WAV channels, RTP received, and each announced tolerated
 * defect logged in karaf.log; a refused form must get exactly the announced status with the announced text in its
 * {@code Warning: 399} (or option tag in {@code Unsupported}) and leave no index line.
 */
@RunWith(Parameterized.class)
public class SrsCorpusSippTest extends BlackBoxSupport {
    @ClassRule
    public static final KarafResource KARAF = new KarafResource(SrsCorpusSippTest.class, k -> k
            .config("org.siprec.sip.endpoint-srs", "udp.port", Integer.toString(RecordingSupport.EMBEDDED_SRS_PORT))
            .config("org.siprec.sip.endpoint-srs", "tcp.port", Integer.toString(RecordingSupport.EMBEDDED_SRS_PORT)));

    /** Length of a recorded form's call (sipp -d): long enough for RTP to arrive, short enough for 16 forms. */
    private static final int CALL_MILLIS = 1000;

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> forms() throws IOException {
        List<Object[]> forms = new ArrayList<>();
        for (String file : CorpusSippScenario.files()) {
            forms.add(new Object[] {file});
        }
        return forms;
    }

    @Parameterized.Parameter
    public String file;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void formIsRecordedOrRefusedAsTheCorpusAnnounces() throws Exception {
        CorpusSippScenario form = CorpusSippScenario.load(file);
        Files.createDirectories(testDir());
        Path scenario = Files.writeString(testDir().resolve("uac_" + file.replace(".sip", ".xml")), form.scenarioXml());
        Sipp sipp = Sipp.of("src", scenario, testDir()).localPort(ports.callerSip).mediaPort(ports.callerMedia)
                .remote(KarafProcess.SIP_HOST + ":" + RecordingSupport.EMBEDDED_SRS_PORT).timeout(Duration.ofSeconds(20));
        if (form.needsTcp()) {
            sipp.tcp();
        }
        if (form.recorded()) {
            sipp.withPcap().pause(CALL_MILLIS);
        }
        Sipp.Run src = started(sipp.start());
        assertSucceeded(src);
        assertEquals("one successful call\n" + src.describe(), 1, src.stat("SuccessfulCall(C)"));

        String messages = src.messages();
        String callId = firstGroup(messages, "(?m)^Call-ID: *(\\S+)");
        Path recordings = karaf().home().resolve("data/recordings");
        if (!form.recorded()) {
            String answer = firstGroup(messages, "(?m)^(SIP/2\\.0 " + form.expect() + " .*)$");
            if (form.unsupported() != null) {
                assertTrue(file + ": " + answer + " names the option tag " + form.unsupported() + "\n" + messages,
                        firstGroup(messages, "(?mi)^Unsupported: *(.*)$").contains(form.unsupported()));
            } else {
                String warning = firstGroup(messages, "(?mi)^Warning: *(.*)$");
                assertTrue(file + ": Warning '" + warning + "' is a 399 naming '" + form.warning() + "'",
                        warning.startsWith("399 ") && warning.contains(form.warning()));
            }
            assertFalse(file + ": a refused RS leaves no index line", indexLine(recordings, callId).isPresent());
            return;
        }

        String entry = await(file + ": index line of Call-ID " + callId).atMost(Duration.ofSeconds(15))
                .until(() -> indexLine(recordings, callId), Optional::isPresent).get();
        assertTrue(file + ": completed: " + entry, entry.contains("\"state\":\"completed\""));
        assertEquals(file + ": participants in catalog order: " + entry, form.participants(),
                all(section(entry, "participants", "start"), "\"aor\":\"([^\"]*)\""));
        assertEquals(file + ": WAV channels in the index: " + entry, form.channels(),
                all(section(entry, "channels", "metadata"), "\\{\"channel\":(\\d+)").size());
        try (AudioInputStream in = AudioSystem.getAudioInputStream(recordings.resolve(field(entry, "wav")).toFile())) {
            assertEquals(file + ": channels of the WAV", form.channels(), in.getFormat().getChannels());
        }
        long packets = all(section(entry, "streams", "droppedSamples"), "\"packets\":(\\d+)").stream()
                .mapToLong(Long::parseLong).sum();
        assertTrue(file + ": the RTP SIPp played reached the SRS: " + entry, packets > 0);
        for (String defect : form.defects()) {
            // logged once per SRC for the Karaf's lifetime: an earlier form may have logged it first
            String line = "SRC 127.0.0.1 sends " + defect + ": tolerated";
            await(file + ": karaf.log has '" + line + "'").atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(karaf().karafLog(), StandardCharsets.UTF_8).contains(line));
        }
    }

    private static Optional<String> indexLine(Path recordings, String callId) throws IOException {
        Path index = recordings.resolve("index.jsonl");
        if (!Files.exists(index)) {
            return Optional.empty();
        }
        String key = "\"callId\":\"" + callId + "\"";
        return Files.readAllLines(index, StandardCharsets.UTF_8).stream().filter(l -> l.contains(key)).findFirst();
    }

    /** The JSON array of {@code name}, up to the next field {@code next} (the index's fields have a fixed order). */
    private static String section(String json, String name, String next) {
        int from = json.indexOf("\"" + name + "\":[");
        int to = json.indexOf("],\"" + next + "\":", from);
        assertTrue(name + " before " + next + " in " + json, from >= 0 && to > from);
        return json.substring(from, to);
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String firstGroup(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue("'" + regex + "' in\n" + text, m.find());
        return m.group(1).strip();
    }

    private static String field(String json, String name) {
        return firstGroup(json, "\"" + name + "\":\"([^\"]+)\"");
    }
}
