package org.siprec.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void singleRangesAreResolvedAgainstTheFileSize() throws Exception {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=0-99", 1000));
        assertEquals(Optional.of(new ByteRange(900, 999)), ByteRange.parse("bytes=900-", 1000));
        assertEquals(Optional.of(new ByteRange(990, 999)), ByteRange.parse("bytes=-10", 1000));
        assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", 1000), "suffix longer than the file");
        assertEquals(Optional.of(new ByteRange(500, 999)), ByteRange.parse("bytes=500-5000", 1000), "end cut to the file");
        assertEquals("bytes 10-19/1000", new ByteRange(10, 19).contentRange(1000));
        assertEquals(10, new ByteRange(10, 19).length());
    }

    @Test
    void noHeaderOrSeveralRangesMeanTheWholeFile() throws Exception {
        assertTrue(ByteRange.parse(null, 1000).isEmpty());
        assertTrue(ByteRange.parse("bytes=0-1,5-6", 1000).isEmpty());
    }

    @Test
    void rangesTheFileCannotSatisfyOrThatAreMalformedAreRefused() {
        for (String bad : new String[] {"bytes=1000-", "bytes=2000-3000", "bytes=50-10", "bytes=-0", "bytes=-",
                "items=0-10", "bytes=a-b", "0-10"}) {
            assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse(bad, 1000), bad);
        }
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0), "empty file");
    }
}
