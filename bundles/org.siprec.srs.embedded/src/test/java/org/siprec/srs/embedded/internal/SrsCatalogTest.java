package org.siprec.srs.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingState;

/** The catalog over a real {@code index.jsonl} written and read through jackson-jr (no live sessions here). */
class SrsCatalogTest {
    @TempDir
    Path dir;
    private RecordingIndex index;
    private SrsCatalog catalog;

    @BeforeEach
    void setUp() {
        index = new RecordingIndex(dir);
        catalog = new SrsCatalog(index, dir, List::of);
    }

    static IndexEntry entry(String id, String callId, String sessionId, String start) {
        return new IndexEntry(id, IndexEntry.COMPLETED, callId, sessionId == null ? List.of() : List.of(sessionId),
                "127.0.0.1:5060", List.of(new IndexEntry.Party("p1", "sip:alice@example.com", "Alice"),
                        new IndexEntry.Party("p2", "sip:bob@example.com", null)),
                start, Instant.parse(start).plusSeconds(3).toString(), 3.0, "BYE", "2026-11-25/" + id + ".wav", 8000,
                List.of(new IndexEntry.Channel(0, List.of("sip:alice@example.com"), List.of("1"))),
                List.of("2026-11-25/" + id + "-metadata-1.xml"), List.of("PCMU", "G729"), true,
                List.of(new IndexEntry.StreamEntry("1", "PCMU", "0", 30000, false, 0, "2026-11-25/" + id + ".wav", 150L,
                                List.of("sip:alice@example.com")),
                        new IndexEntry.StreamEntry("2", "G729", "18", 30002, true, null, "2026-11-25/" + id + "-stream-2-1.rtpdump",
                                149L, List.of())),
                0L, List.of());
    }

    @Test
    void anIndexLineBecomesATypedEntryWithPathsUnderTheRecordingsFolder() throws Exception {
        index.append(entry("r1", "rs-1@src", "ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2",
                "2026-11-25T10:00:00Z"));

        CatalogEntry e = catalog.find("r1").orElseThrow();
        assertEquals(RecordingState.COMPLETED, e.state());
        assertEquals("rs-1@src", e.callId());
        assertEquals("127.0.0.1:5060", e.src());
        assertEquals(List.of(new CatalogEntry.Party("sip:alice@example.com", "Alice"), new CatalogEntry.Party("sip:bob@example.com", null)),
                e.participants());
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), e.start());
        assertEquals(Instant.parse("2026-11-25T10:00:03Z"), e.stop());
        assertEquals(Duration.ofSeconds(3), e.duration());
        assertEquals("BYE", e.endReason());
        assertEquals(dir.resolve("2026-11-25/r1.wav"), e.wav());
        assertEquals(List.of(dir.resolve("2026-11-25/r1-metadata-1.xml")), e.metadata());
        assertEquals(List.of("PCMU", "G729"), e.codecs());
        assertEquals(List.of(new CatalogEntry.Channel(0, List.of("sip:alice@example.com"), List.of("1"))), e.channels());
        assertEquals(new CatalogEntry.MediaStream("1", "PCMU", 0, 150, 0, dir.resolve("2026-11-25/r1.wav"), List.of("sip:alice@example.com")),
                e.streams().get(0));
        CatalogEntry.MediaStream raw = e.streams().get(1);
        assertTrue(raw.raw());
        assertEquals(18, raw.payloadType());
        assertEquals(dir.resolve("2026-11-25/r1-stream-2-1.rtpdump"), raw.file());
    }

    @Test
    void theFileIsOneCompactJsonObjectPerLineWithTheDocumentedFieldsInOrder() throws Exception {
        index.append(entry("r1", "c1", null, "2026-11-25T10:00:00Z"));
        index.append(entry("r2", "c2", null, "2026-11-25T10:01:00Z"));

        List<String> lines = Files.readAllLines(index.file(), StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"id\":\"r1\",\"state\":\"completed\",\"callId\":\"c1\",\"sipSessionIds\":[],"
                + "\"src\":\"127.0.0.1:5060\",\"participants\":[{\"id\":\"p1\",\"aor\":\"sip:alice@example.com\",\"name\":\"Alice\"},"
                + "{\"id\":\"p2\",\"aor\":\"sip:bob@example.com\",\"name\":null}],\"start\":\"2026-11-25T10:00:00Z\","
                + "\"stop\":\"2026-11-25T10:00:03Z\",\"durationSeconds\":3.0,\"endReason\":\"BYE\",\"wav\":\"2026-11-25/r1.wav\","), lines.get(0));
        assertTrue(lines.get(0).endsWith("\"droppedSamples\":0,\"pauses\":[]}"), lines.get(0));
    }

    @Test
    void recentListsTheLatestEndedFirstUpToTheLimit() throws Exception {
        for (int i = 1; i <= 5; i++) {
            index.append(entry("r" + i, "c" + i, null, "2026-11-25T10:0" + i + ":00Z"));
        }
        assertEquals(List.of("r5", "r4"), ids(catalog.recent(2)));
        assertEquals(List.of("r5", "r4", "r3", "r2", "r1"), ids(catalog.recent(Integer.MAX_VALUE)));
        assertEquals(List.of(), catalog.recent(0));
        assertThrows(IllegalArgumentException.class, () -> catalog.recent(-1));
    }

    @Test
    void findsByIdByCallIdAndBySessionId() throws Exception {
        index.append(entry("r1", "same@src", "ab30317f1a784dc48ff824d0d3715d86", "2026-11-25T10:00:00Z"));
        index.append(entry("r2", "other@src", "00000000000000000000000000000002", "2026-11-25T10:01:00Z"));
        index.append(entry("r3", "same@src", "AB30317F1A784DC48FF824D0D3715D86;remote=1", "2026-11-25T10:02:00Z"));

        assertEquals(Optional.of("r2"), catalog.find("r2").map(CatalogEntry::id));
        assertEquals(Optional.empty(), catalog.find("r"), "ids are matched whole");
        assertEquals(List.of("r3", "r1"), ids(catalog.byCallId("same@src")), "latest first");
        assertEquals(List.of("r3", "r1"), ids(catalog.bySessionId("ab30317f-1a78-4dc4-8ff8-24d0d3715d86")));
        assertEquals(List.of(), catalog.bySessionId(""));
        assertEquals(List.of(), catalog.byCallId("r2"), "an id is not a Call-ID");
    }

    @Test
    void aCallIdWithCharactersJsonEscapesIsFound() throws Exception {
        String callId = "a\"b\\c@[::1]";
        index.append(entry("r1", callId, null, "2026-11-25T10:00:00Z"));
        assertEquals(List.of("r1"), ids(catalog.byCallId(callId)));
    }

    @Test
    void linesOfAnOlderVersionAreReadAndBrokenOnesLeftOut() throws Exception {
        index.append(entry("r1", "c1", null, "2026-11-25T10:00:00Z"));
        Files.writeString(index.file(), String.join("\n",
                // as written before the index was typed: no sampleRate/droppedSamples, an unknown field
                "{\"id\":\"old\",\"state\":\"completed\",\"callId\":\"c-old\",\"participants\":[],\"start\":\"2026-11-24T09:00:00Z\","
                        + "\"stop\":null,\"durationSeconds\":1.5,\"wav\":null,\"metadata\":[],\"future\":{\"x\":[1]}}",
                "{\"id\":\"nostart\",\"state\":\"completed\"}",
                "{\"id\":\"badstate\",\"state\":\"exploded\",\"start\":\"2026-11-24T09:00:00Z\"}",
                "not json",
                "{\"id\":\"cut\",\"state\":\"comp",
                ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertEquals(List.of("old", "r1"), ids(catalog.recent(10)));
        CatalogEntry old = catalog.find("old").orElseThrow();
        assertEquals(Duration.ofMillis(1500), old.duration());
        assertNull(old.wav());
        assertEquals(List.of(), old.streams());
        assertEquals(List.of(), old.sessionIds());
        assertEquals(RecordingState.COMPLETED, catalog.byCallId("c-old").get(0).state());
    }

    @Test
    void noIndexYetMeansAnEmptyCatalog() {
        assertEquals(List.of(), catalog.recent(10));
        assertEquals(Optional.empty(), catalog.find("x"));
    }

    private static List<String> ids(List<CatalogEntry> entries) {
        return entries.stream().map(CatalogEntry::id).toList();
    }
}
