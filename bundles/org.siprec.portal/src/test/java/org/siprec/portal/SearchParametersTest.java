package org.siprec.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.api.catalog.RecordingSearch;

class SearchParametersTest {
    @Test
    void everyFilterIsRead() throws Exception {
        RecordingSearch s = SearchParameters.parse(Map.of("party", new String[] {" 4930 "}, "company",
                new String[] {"acme"}, "from", new String[] {"2026-12-03"}, "to", new String[] {"2026-12-03T10:00:00Z"},
                "state", new String[] {"completed"}, "page", new String[] {"2"}, "size", new String[] {"10"}));
        assertEquals(new RecordingSearch("4930", "acme", Instant.parse("2026-12-03T00:00:00Z"),
                Instant.parse("2026-12-03T10:00:00Z"), "completed", 2, 10), s);
    }

    @Test
    void nothingGivenMeansTheFirstPageOfEverything() throws Exception {
        RecordingSearch s = SearchParameters.parse(Map.of("party", new String[] {""}));
        assertNull(s.party());
        assertEquals(0, s.page());
        assertEquals(SearchParameters.DEFAULT_SIZE, s.size());
    }

    @Test
    void aValueThatCannotBeUsedIsA400NamingItsParameter() {
        Map<String, String> bad = Map.of("state", "done", "from", "yesterday", "page", "-1", "size", "501",
                "sort", "x");
        bad.forEach((name, value) -> {
            ApiException e = assertThrows(ApiException.class, () -> SearchParameters.parse(Map.of(name,
                    new String[] {value})), name);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains(name), e.getMessage());
        });
        ApiException twice = assertThrows(ApiException.class, () -> SearchParameters.parse(Map.of("party",
                new String[] {"1", "2"})));
        assertTrue(twice.getMessage().contains("at most once"), twice.getMessage());
        ApiException order = assertThrows(ApiException.class, () -> SearchParameters.parse(Map.of("from",
                new String[] {"2026-12-04"}, "to", new String[] {"2026-12-03"})));
        assertTrue(order.getMessage().contains("must be before"), order.getMessage());
    }

    @Test
    void userDirectionDurationAndSortAreReadWithinTheScope() throws Exception {
        RecordingSearch.Scope acme = new RecordingSearch.Scope(java.util.Set.of("acme"), null);
        RecordingSearch s = SearchParameters.parse(Map.of("user", new String[] {"+4930111"}, "direction",
                new String[] {"term"}, "minDuration", new String[] {"5"}, "maxDuration", new String[] {"60"}, "sort",
                new String[] {"duration"}, "order", new String[] {"asc"}), acme);
        assertEquals("+4930111", s.user());
        assertEquals("term", s.direction());
        assertEquals(5000L, s.minDurationMs());
        assertEquals(60000L, s.maxDurationMs());
        assertEquals(RecordingSearch.Sort.DURATION, s.sort());
        assertTrue(s.ascending());
        assertEquals(acme, s.scope(), "the scope is the user's, whatever the parameters");
        RecordingSearch plain = SearchParameters.parse(Map.of());
        assertEquals(RecordingSearch.Sort.START, plain.sort());
        assertEquals(false, plain.ascending(), "latest first by default");
        assertTrue(plain.scope().all());
    }

    @Test
    void badNewFilterValuesAreA400NamingTheParameter() {
        Map<String, String> bad = Map.of("direction", "inbound", "minDuration", "-1", "maxDuration", "ten",
                "order", "up", "user", "x".repeat(129));
        bad.forEach((name, value) -> {
            ApiException e = assertThrows(ApiException.class, () -> SearchParameters.parse(Map.of(name,
                    new String[] {value})), name);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith(name + ":"), e.getMessage());
        });
        ApiException range = assertThrows(ApiException.class, () -> SearchParameters.parse(Map.of("minDuration",
                new String[] {"60"}, "maxDuration", new String[] {"5"})));
        assertTrue(range.getMessage().contains("minDuration"), range.getMessage());
    }
}
