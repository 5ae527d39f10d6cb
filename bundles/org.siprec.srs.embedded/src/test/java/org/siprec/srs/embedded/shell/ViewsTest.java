package org.siprec.srs.embedded.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;

/** What {@code siprec:recordings} and {@code siprec:recording} print for catalog entries. */
class ViewsTest {
    @TempDir
    Path dir;

    private CatalogEntry entry(RecordingState state, Path metadata) {
        return new CatalogEntry("20261125-185548-3dc2d1b4", state, "rs-1@src", List.of("ab30317f1a784dc48ff824d0d3715d86"),
                "127.0.0.1:35080",
                List.of(new CatalogEntry.Party("sip:alice@example.com", "Alice"), new CatalogEntry.Party("sip:bob@example.com", null)),
                Instant.parse("2026-11-25T18:55:48Z"), state == RecordingState.RECORDING ? null : Instant.parse("2026-11-25T19:57:00Z"),
                Duration.ofSeconds(3672), state == RecordingState.RECORDING ? null : "BYE", dir.resolve("r.wav"),
                metadata == null ? List.of() : List.of(metadata), List.of("PCMA", "G729"),
                List.of(new CatalogEntry.Channel(0, List.of("sip:alice@example.com"), List.of("1"))),
                List.of(new CatalogEntry.MediaStream("1", "PCMA", 8, 236, 0, dir.resolve("r.wav"), List.of("sip:alice@example.com")),
                        new CatalogEntry.MediaStream("3", "G729", 18, 12, -1, dir.resolve("r-stream-3-2.rtpdump"), List.of())));
    }

    @Test
    void theListHasOneRowPerRecording() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Views.recordings(List.of(entry(RecordingState.COMPLETED, null), entry(RecordingState.RECORDING, null)))
                .print(new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("1:01:12"), text);
        assertTrue(text.contains("Alice <sip:alice@example.com>, sip:bob@example.com"), text);
        assertTrue(text.contains("PCMA, G729"), text);
        assertTrue(text.contains("| completed") && text.contains("| recording"), text);
    }

    @Test
    void anEmptyCatalogSaysSo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Views.recordings(List.of()).print(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(Views.NO_RECORDINGS));
    }

    @Test
    void oneRecordingShowsItsStreamsFilesAndLatestMetadata() throws Exception {
        Path metadata = Files.writeString(dir.resolve("r-metadata-1.xml"), "<recording/>");
        String text = Views.recording(entry(RecordingState.COMPLETED, metadata), true);
        assertTrue(text.contains("State          completed"), text);
        assertTrue(text.contains("Call-ID        rs-1@src"), text);
        assertTrue(text.contains("Stream 1       PCMA (PT 8) -> channel 0, 236 packets"), text);
        assertTrue(text.contains("Stream 3       G729 (PT 18) raw, stored as received in " + dir.resolve("r-stream-3-2.rtpdump")), text);
        assertTrue(text.contains("WAV            " + dir.resolve("r.wav")), text);
        assertTrue(text.contains("Metadata       " + metadata), text);
        assertTrue(text.endsWith("Latest metadata (r-metadata-1.xml):\n<recording/>\n"), text);
        assertEquals(-1, Views.recording(entry(RecordingState.COMPLETED, metadata), false).indexOf("Latest metadata"));
    }

    @Test
    void aRecordingInProgressHasNoStopYet() {
        String text = Views.recording(entry(RecordingState.RECORDING, null), true);
        assertTrue(text.contains("State          recording"), text);
        assertTrue(text.contains("Stop           -"), text);
        assertTrue(text.contains("End reason     -"), text);
    }

    @Test
    void aPausedRecordingShowsEachPauseWithItsLengthAndWhereItIsInTheWav() {
        CatalogEntry e = entry(RecordingState.COMPLETED, null);
        CatalogEntry paused = new CatalogEntry(e.id(), e.state(), e.callId(), e.sessionIds(), e.src(), e.participants(), e.start(),
                e.stop(), e.duration(), e.endReason(), e.wav(), e.metadata(), e.codecs(), e.channels(), e.streams(),
                List.of(new CatalogEntry.Pause(Instant.parse("2026-11-25T18:55:50Z"), Instant.parse("2026-11-25T18:55:52.500Z")),
                        new CatalogEntry.Pause(Instant.parse("2026-11-25T18:56:00Z"), null)));
        String text = Views.recording(paused, false);
        assertTrue(text.contains("Paused         2026-11-25T18:55:50Z to 2026-11-25T18:55:52.500Z (2.5 s, silence in the WAV from +2.0 s)"), text);
        assertTrue(text.contains("Paused         2026-11-25T18:56:00Z (still paused; silence in the WAV from +12.0 s)"), text);
        assertFalse(Views.recording(e, false).contains("Paused"), "never paused: no line");
    }
}
