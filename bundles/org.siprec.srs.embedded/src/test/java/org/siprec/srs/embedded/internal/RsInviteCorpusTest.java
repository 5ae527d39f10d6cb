package org.siprec.srs.embedded.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;
import org.siprec.sip.internal.ExtraSipEndpoint;
import org.siprec.sip.internal.SipEndpointConfig;
import org.siprec.testsupport.Configs;

/**
 * Every form of the RS INVITE corpus ({@code src/test/resources/rs-invites/}) sent over real UDP sockets to the
 * embedded SRS (an {@code srs} SIP endpoint on port 35490, media 35500-35599): a form announced as recordable gets a
 * 200, its RTP lands in a WAV with the announced channels, the catalog lists the announced participants and stores
 * the metadata, and the defects the form carries are counted for its SRC; a form announced as refused gets exactly
 * that status with a {@code Warning: 399} saying why, and leaves nothing recorded.
 */
class RsInviteCorpusTest {
    static final int SIP = 35490;
    private static ExtraSipEndpoint endpoint;
    private static EmbeddedSrs srs;
    private static Path recordings;

    @BeforeAll
    static void start() throws Exception {
        recordings = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "corpus-recordings-");
        endpoint = new ExtraSipEndpoint();
        endpoint.activate(Configs.of(SipEndpointConfig.class, Map.of("endpoint.name", "srs", "udp.port", SIP,
                "tcp.port", SIP, "thread.pool.size", 4)));
        srs = new EmbeddedSrs(endpoint, Configs.of(SrsConfig.class, Map.of("recordings.dir", recordings.toString(),
                "port.min", 35500, "port.max", 35599)));
        endpoint.attach(srs);
    }

    @AfterAll
    static void stop() {
        srs.deactivate();
        endpoint.deactivate();
    }

    @Test
    void everyCorpusFileIsListed() throws Exception {
        try (var files = Files.list(Path.of("src/test/resources/rs-invites"))) {
            assertEquals(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sip")).sorted().toList(),
                    RsInviteForm.FILES.stream().sorted().toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("org.siprec.srs.embedded.internal.RsInviteForm#FILES")
    void eachFormIsRecordedOrRefusedWithAWarning(String file) throws Exception {
        RsInviteForm form = RsInviteForm.load(file);
        String callId = "corpus-" + file.replace(".sip", "") + "-" + System.nanoTime();
        int free = srs.freePortPairs();
        try (RawSrc src = new RawSrc(SIP)) {
            String invite = form.message(SIP, src.port(), callId);
            String response = src.request(invite.getBytes(StandardCharsets.UTF_8));
            assertEquals(form.expect(), RawSrc.status(response), file + " answered:\n" + response);
            if (form.unsupported() != null) {
                assertEquals(form.unsupported(), RawSrc.header(response, "Unsupported"), file + ": 420 names the option tag");
                assertEquals(List.of(), srs.byCallId(callId), "nothing recorded");
                return;
            }
            if (form.expect() != 200) {
                String warning = RawSrc.header(response, "Warning");
                assertNotNull(warning, file + ": a refusal says why in a Warning header:\n" + response);
                assertTrue(warning.startsWith("399 "), warning);
                assertTrue(warning.contains(form.warning()), file + ": Warning '" + warning + "' names '" + form.warning() + "'");
                assertEquals(List.of(), srs.byCallId(callId), "nothing recorded");
                assertEquals(free, srs.freePortPairs(), "no port kept");
                return;
            }
            src.ack(invite, response);
            List<Integer> ports = RawSrc.answeredPorts(response);
            int port = ports.stream().filter(p -> p != 0).findFirst().orElseThrow();
            src.rtp(port, 25, 0x5eed0001L);
            assertEquals(200, RawSrc.status(src.inDialogRequest("BYE", invite, response, null, "")));
        }
        CatalogEntry entry = await().atMost(Duration.ofSeconds(5)).until(
                () -> srs.byCallId(callId).stream().findFirst().orElse(null),
                e -> e != null && e.state() != RecordingState.RECORDING);
        assertEquals(RecordingState.COMPLETED, entry.state(), file);
        assertEquals(form.participants(), entry.participants().stream().map(CatalogEntry.Party::aor).toList(), file);
        assertFalse(entry.metadata().isEmpty(), "metadata stored");
        assertTrue(Files.size(entry.metadata().get(0)) > 0);
        assertEquals(25, entry.streams().stream().mapToLong(CatalogEntry.MediaStream::packets).sum(), "every RTP packet counted");
        try (AudioInputStream in = AudioSystem.getAudioInputStream(entry.wav().toFile())) {
            assertEquals(form.channels(), in.getFormat().getChannels(), file + ": channels of the WAV");
            assertTrue(in.getFrameLength() >= 25 * 160, "the audio sent is in the WAV");
        }
        Map<String, Long> defects = srs.toleratedDefects("127.0.0.1");
        for (String defect : form.defects()) {
            assertTrue(defects.getOrDefault(defect, 0L) > 0, file + ": defect '" + defect + "' counted in " + defects);
        }
        assertEquals(free, srs.freePortPairs(), "ports released");
    }
}
