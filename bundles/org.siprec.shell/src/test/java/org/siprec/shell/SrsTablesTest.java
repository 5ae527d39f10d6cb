package org.siprec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siprec.api.ops.SrsGroupMonitor.SrsStatus;

class SrsTablesTest {

    @Test
    void eachSrsWithStateRttCountsAndLastError() {
        String out = Tables.render(Tables.srs(List.of(
                new SrsStatus("sip:srs@10.0.0.1:5060", 3, "up", 4, 120, 118, 1, 1, 7, ""),
                new SrsStatus("sip:srs@10.0.0.2:5060", 1, "down", -1, 40, 38, 0, 2, 0, "no answer to OPTIONS within 2000 ms"))));
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).contains("State") && lines.get(0).contains("RTT ms") && lines.get(0).contains("Unreachable")
                && lines.get(0).contains("Last error"), out);
        String up = lines.stream().filter(l -> l.contains("10.0.0.1")).findFirst().orElseThrow();
        assertEquals(List.of("sip:srs@10.0.0.1:5060", "3", "up", "4", "120", "118", "1", "1", "7", "-"), cells(up), out);
        String down = lines.stream().filter(l -> l.contains("10.0.0.2")).findFirst().orElseThrow();
        assertTrue(down.contains("down") && down.contains("no answer to OPTIONS within 2000 ms"), out);
        assertEquals("-", cells(down).get(3), "no RTT yet: " + out);
    }

    private static List<String> cells(String line) {
        return java.util.Arrays.stream(line.split("\u2502")).map(String::trim).toList();
    }

    @Test
    void noSrsSaysWhereToConfigureThem() {
        assertTrue(Tables.render(Tables.srs(List.of())).contains(Tables.NO_SRS));
    }
}
