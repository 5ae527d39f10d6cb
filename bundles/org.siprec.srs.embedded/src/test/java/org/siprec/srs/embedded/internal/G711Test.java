package org.siprec.srs.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class G711Test {
    @Test
    void knownValues() {
        // silence codes
        assertEquals(0, G711.ulawToLinear(0xFF));
        assertEquals(8, G711.alawToLinear(0xD5));
        assertEquals(-8, G711.alawToLinear(0x55));
        // extremes
        assertEquals(-32124, G711.ulawToLinear(0x00));
        assertEquals(32124, G711.ulawToLinear(0x80));
        assertEquals(-32256, G711.alawToLinear(0x2A));
        assertEquals(32256, G711.alawToLinear(0xAA));
    }
}
