package org.siprec.itests.blackbox;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * SRTP end to end through the distribution (issue 11): the SRS group's only SRS is the embedded SRS with
 * {@code ;srtp=require} on its URI. The caller sends a 440 Hz tone, the callee a 1000 Hz tone; the mirror sends the
 * copies as SRTP with a key per stream offered in the RS INVITE, the embedded SRS answers RTP/SAVP with its own
 * crypto lines, decrypts, and its WAV has each party's tone in its channel (undecrypted or wrongly keyed packets would
 * be noise or nothing). karaf.log says the recording started with SRTP.
 */
public class SrtpEmbeddedSrsTest extends RecordingSupport {
    @ClassRule
    public static final KarafResource KARAF = recordingKaraf(SrtpEmbeddedSrsTest.class);

    private static final int CALL_MILLIS = 2000;

    @Override
    protected KarafProcess karaf() {
        return KARAF.karaf();
    }

    @Test
    public void srtpCopiesAreDecryptedByTheEmbeddedSrsAndEachPartysToneIsInItsChannel() throws Exception {
        long log = useSrs("sip:srs@127.0.0.1:" + EMBEDDED_SRS_PORT + ";srtp=require");
        Path callerTone = TonePcap.write(testDir().resolve("caller-440.pcap"), 440, 10);
        Path calleeTone = TonePcap.write(testDir().resolve("callee-1000.pcap"), 1000, 10);
        call(callee("uas_basic.xml").key("pcap", calleeTone.toString()),
                caller("uac_basic.xml").key("pcap", callerTone.toString()).pause(CALL_MILLIS));
        awaitLog(log, "stream(s) (SRTP)");

        String callerAor = "sip:caller@127.0.0.1:" + ports.callerSip;
        Path recordings = karaf().home().resolve("data/recordings");
        String entry = await().atMost(Duration.ofSeconds(10))
                .until(() -> EmbeddedSrsRecordingTest.indexEntryFor(recordings, callerAor), Optional::isPresent).get();
        Path wav = recordings.resolve(EmbeddedSrsRecordingTest.field(entry, "wav"));
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            assertEquals("one channel per participant: " + entry, 2, in.getFormat().getChannels());
            byte[] pcm = in.readAllBytes();
            double seconds = pcm.length / 4 / 8000.0;
            assertTrue("WAV lasts about as long as the call: " + seconds + " s", Math.abs(seconds - CALL_MILLIS / 1000.0) <= 0.5);
            EmbeddedSrsRecordingTest.assertTone("caller's channel (decrypted)", pcm, 0, 440, seconds);
            EmbeddedSrsRecordingTest.assertTone("callee's channel (decrypted)", pcm, 1, 1000, seconds);
        }
        assertEquals("no SRTP packet failed authentication at the SRS", 0, countInLog(log, "SRTP packet dropped"));
    }
}
