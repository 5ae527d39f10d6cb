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
}
