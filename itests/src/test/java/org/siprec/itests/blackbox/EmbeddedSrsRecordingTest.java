package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.ClassRule;
import org.junit.Test;
import org.siprec.testsupport.sipp.Sipp;

/**
 * A call through the distribution recorded end to end by its embedded SRS, on the default configuration: the caller
 * sends a 440 Hz tone, the callee a 1000 Hz tone; the WAV must have one channel per party, each carrying that
 * party's tone for the length of the call, and the metadata must name both parties.
 */
public class EmbeddedSrsRecordingTest extends BlackBoxSupport {
    @ClassRule
    public static final KarafResource KARAF = new KarafResource(EmbeddedSrsRecordingTest.class);

    private static final int CALL_MILLIS = 3000;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void bothPartiesAreRecordedInTheirOwnChannelForTheLengthOfTheCall() throws Exception {
        Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 10);
        Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 10);
        call(callee("uas_basic.xml").key("pcap", calleeTone.toString()),
                caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(CALL_MILLIS));

        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;
        Path recordings = karaf().home().resolve("data/recordings");
        String entry = await().atMost(Duration.ofSeconds(10)).until(() -> indexEntryFor(recordings, callerAor), Optional::isPresent).get();

        Path wav = recordings.resolve(field(entry, "wav"));
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = in.getFormat();
            assertEquals("one channel per participant: " + entry, 2, format.getChannels());
            assertEquals(8000f, format.getSampleRate(), 0.1f);
            assertEquals(16, format.getSampleSizeInBits());
            byte[] pcm = in.readAllBytes();
            int frames = pcm.length / 4;
            double seconds = frames / 8000.0;
            assertTrue("WAV lasts as long as the call (" + seconds + " s vs " + CALL_MILLIS / 1000.0 + " s): " + entry,
                    Math.abs(seconds - CALL_MILLIS / 1000.0) <= 0.5);
            assertTone("caller's channel", pcm, 0, 440, seconds);
            assertTone("callee's channel", pcm, 1, 1000, seconds);
        }

        String metadata = Files.readString(wav.resolveSibling(wav.getFileName().toString().replace(".wav", "-metadata-1.xml")));
        assertTrue("metadata names the caller: " + metadata, metadata.contains(callerAor));
        assertTrue("metadata names the callee: " + metadata, metadata.contains("sip:callee@127.0.0.1:" + ports.calleeSip));
    }

    /**
     * A BroadWorks-style SRC straight to the distribution's embedded SRS (127.0.0.1:5090): the pre-RFC draft dialect
     * ({@code <recording_metadata>} in urn:ietf:params:xml:ns:siprec), Contact {@code ;src}, no Require (SIPp
     * scenario {@code srs/uac_rs_broadworks.xml}, the form of the SRS bundle's corpus file broadworks-draft.sip): recorded
     * (index line completed, both participants, a stereo WAV), and each defect logged once for the SRC in karaf.log.
     */
    @Test
    public void broadWorksDraftDialectIsRecordedAndItsDefectsLoggedOnce() throws Exception {
        for (int i = 0; i < 2; i++) {
            Sipp.Run src = started(Sipp.of("src", "srs/uac_rs_broadworks.xml", testDir()).localPort(ports.callerSip + i)
                    .mediaPort(ports.callerMedia).remote(KarafProcess.SIP_HOST + ":5090").withPcap().pause(1000).start());
            assertSucceeded(src);
        }
        Path recordings = karaf().home().resolve("data/recordings");
        String agent = "sip:+15551230001@as.broadworks.example.net";
        List<String> entries = await().atMost(Duration.ofSeconds(10)).until(() -> indexEntriesFor(recordings, agent), l -> l.size() == 2);
        for (String entry : entries) {
            assertTrue(entry, entry.contains("\"state\":\"completed\""));
            assertTrue(entry, entry.contains("\"tel:+15559870002\""));
            try (AudioInputStream in = AudioSystem.getAudioInputStream(recordings.resolve(field(entry, "wav")).toFile())) {
                assertEquals(entry, 2, in.getFormat().getChannels());
            }
        }
        String log = Files.readString(karaf().karafLog(), StandardCharsets.UTF_8);
        for (String defect : List.of("Contact ;src instead of +sip.src", "no Require: siprec",
                "pre-RFC metadata <recording_metadata> (draft-ietf-siprec-metadata)")) {
            String line = "SRC 127.0.0.1 sends " + defect + ": tolerated";
            assertEquals("logged once for two recording sessions: " + line, 1, log.split(Pattern.quote(line), -1).length - 1);
        }
    }

    private static List<String> indexEntriesFor(Path recordings, String aor) throws IOException {
        Path index = recordings.resolve("index.jsonl");
        if (!Files.exists(index)) {
            return List.of();
        }
        return Files.readAllLines(index, StandardCharsets.UTF_8).stream().filter(l -> l.contains("\"" + aor + "\"")).toList();
    }

    /**
     * The party's tone is present for most of the call, and in the 20 ms blocks that carry sound the channel's
     * frequency (by zero crossings) is that tone's.
     */
    static void assertTone(String what, byte[] pcm, int channel, double hz, double seconds) {
        int frames = pcm.length / 4;
        int blocks = frames / 160;
        int active = 0;
        int crossings = 0;
        for (int b = 0; b < blocks; b++) {
            int peak = 0;
            int blockCrossings = 0;
            short previous = sample(pcm, b * 160, channel);
            for (int f = b * 160 + 1; f < (b + 1) * 160; f++) {
                short s = sample(pcm, f, channel);
                peak = Math.max(peak, Math.abs(s));
                if (previous < 0 && s >= 0) {
                    blockCrossings++;
                }
                previous = s;
            }
            if (peak > 4000) {
                active++;
                crossings += blockCrossings;
            }
        }
        double audible = active / (double) blocks;
        assertTrue(what + " carries audio for most of the call (" + Math.round(audible * 100) + " % of 20 ms blocks)", audible > 0.6);
        double measured = crossings / (active * 159 / 8000.0);
        assertTrue(what + " carries its party's " + hz + " Hz tone, measured " + Math.round(measured) + " Hz",
                Math.abs(measured - hz) < hz * 0.1);
    }

    private static short sample(byte[] pcm, int frame, int channel) {
        int i = frame * 4 + channel * 2;
        return (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
    }

    static Optional<String> indexEntryFor(Path recordings, String callerAor) throws IOException {
        Path index = recordings.resolve("index.jsonl");
        if (!Files.exists(index)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        return lines.stream().filter(l -> l.contains("\"" + callerAor + "\"")).reduce((a, b) -> b);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertTrue(name + " in " + json, m.find());
        return m.group(1);
    }
}
