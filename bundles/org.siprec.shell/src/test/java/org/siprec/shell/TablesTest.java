package org.siprec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.api.media.MediaMirror;
import org.siprec.api.ops.CallSummary;

class TablesTest {

    @Test
    void durationIsHoursMinutesSeconds() {
        assertEquals("0:00:00", Tables.duration(Duration.ZERO));
        assertEquals("0:00:59", Tables.duration(Duration.ofMillis(59_999)));
        assertEquals("0:01:05", Tables.duration(Duration.ofSeconds(65)));
        assertEquals("27:46:40", Tables.duration(Duration.ofSeconds(100_000)));
        assertEquals("-", Tables.duration(null));
        assertEquals("-", Tables.duration(Duration.ofSeconds(-1)));
    }

    @Test
    void noCallsPrintsEmptyText() {
        String out = Tables.render(Tables.calls(List.of()));
        assertTrue(out.contains(Tables.NO_ACTIVE_CALLS), out);
    }

    @Test
    void callsTableHasOneRowPerCall() {
        String out = Tables.render(Tables.calls(List.of(
                new CallSummary("abc@host", "sip:alice@example.com", "sip:bob@example.com", "CONFIRMED",
                        Duration.ofSeconds(3723), "RECORDING", "sip:srs@10.0.0.9"),
                new CallSummary("def@host", null, "sip:carol@example.com", "EARLY", null))));
        List<String> lines = out.lines().toList();
        assertEquals(4, lines.size(), out); // header, underline, two rows
        assertTrue(lines.get(0).contains("Call-ID") && lines.get(0).contains("Caller")
                && lines.get(0).contains("Callee") && lines.get(0).contains("State")
                && lines.get(0).contains("Duration"), out);
        assertTrue(lines.get(2).startsWith("abc@host"), out);
        assertTrue(lines.get(0).contains("Recording") && lines.get(0).contains("SRS"), out);
        assertTrue(lines.get(2).contains("sip:alice@example.com") && lines.get(2).contains("CONFIRMED")
                && lines.get(2).contains("1:02:03") && cells(lines.get(2)).subList(5, 7).equals(List.of("RECORDING", "sip:srs@10.0.0.9")), out);
        assertTrue(lines.get(3).startsWith("def@host") && lines.get(3).contains("EARLY")
                && cells(lines.get(3)).subList(5, 7).equals(List.of("-", "-")), out);
        assertFalse(out.contains(Tables.NO_ACTIVE_CALLS), out);
        assertFalse(out.contains("\u001b"), "no ANSI escapes: " + out);
    }

    @Test
    void aCallWithSeveralRecordingsHasOneRowPerRecording() {
        String out = Tables.render(Tables.calls(List.of(new CallSummary("abc@host", "sip:alice@example.com",
                "sip:bob@example.com", "CONFIRMED", Duration.ofSeconds(5), "RECORDING", "sip:srs@10.0.0.9",
                List.of(new org.siprec.api.ops.RecordingSummary("rs1@host", "default", "RECORDING", "sip:srs@10.0.0.9"),
                        new org.siprec.api.ops.RecordingSummary(null, "qm", "STARTING", null))))));
        List<String> lines = out.lines().toList();
        assertEquals(4, lines.size(), out); // header, underline, one row per recording
        assertTrue(lines.get(2).startsWith("abc@host") && lines.get(2).contains("RECORDING (default rs1@host)")
                && lines.get(2).contains("sip:srs@10.0.0.9"), out);
        assertTrue(lines.get(3).contains("STARTING (qm)") && !lines.get(3).contains("abc@host"), out);
    }

    @Test
    void statusKeepsOrderAndShowsMedia() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("calls.active", "2");
        status.put("calls.total", "17");
        status.put("sip.listen", "udp:127.0.0.1:5060");
        String out = Tables.render(Tables.status(status, fixedMirror(4, 9_996)));
        List<String> lines = out.lines().toList();
        assertEquals(9, lines.size(), out);
        assertTrue(lines.get(2).startsWith("calls.active") && lines.get(2).endsWith("2"), out);
        assertTrue(lines.get(3).startsWith("calls.total") && lines.get(3).endsWith("17"), out);
        assertTrue(lines.get(4).startsWith("sip.listen") && lines.get(4).endsWith("udp:127.0.0.1:5060"), out);
        assertTrue(lines.get(5).startsWith("media.address") && lines.get(5).endsWith("127.0.0.1"), out);
        assertTrue(lines.get(6).startsWith("media.sessions.open") && lines.get(6).endsWith("4"), out);
        assertTrue(lines.get(7).startsWith("media.ports.free") && lines.get(7).endsWith("9996"), out);
        assertTrue(lines.get(8).startsWith("media.packets.rejected") && lines.get(8).endsWith("42"), out);
    }

    @Test
    void mediaKeysReportedByTheMonitorArePrintedOnce() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("calls.active", "0");
        status.put("media.ports.free", "9990");
        String out = Tables.render(Tables.status(status, fixedMirror(0, 9_996)));
        assertEquals(1, out.lines().filter(l -> l.startsWith("media.ports.free")).count(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("media.ports.free") && l.endsWith("9990")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("media.sessions.open") && l.endsWith("0")), out);
    }

    @Test
    void statusWithoutMirrorSaysMediaNotAvailable() {
        String out = Tables.render(Tables.status(Map.of("calls.active", "0"), null));
        assertTrue(out.lines().anyMatch(l -> l.startsWith("media") && l.endsWith(Tables.MEDIA_NOT_AVAILABLE)), out);
        assertFalse(out.contains("media.ports.free"), out);
        assertFalse(out.contains("media.packets.rejected"), out);
    }

    /** A mirror reporting fixed counters; a proxy, so that additions to the SPI do not break this test. */
    private static MediaMirror fixedMirror(int openSessions, int freePorts) {
        return (MediaMirror) Proxy.newProxyInstance(MediaMirror.class.getClassLoader(),
                new Class<?>[] {MediaMirror.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "openSessions" -> openSessions;
                    case "freePorts" -> freePorts;
                    case "packetsRejected" -> 42L;
                    case "address" -> "127.0.0.1";
                    case "toString" -> "fixedMirror";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void pauseAndResumeOutcomesNameTheCallTheTimeAndTheReason() {
        java.time.Instant at = java.time.Instant.parse("2026-12-03T08:00:00.123456Z");
        assertEquals("Recording of call c1 paused at 2026-12-03T08:00:00.123Z: nothing is sent to the SRS until siprec:resume",
                Tables.paused("c1", at));
        assertEquals("Recording of call c1 resumed at 2026-12-03T08:00:00.123Z: the SRS accepted, media is sent to it again",
                Tables.resumed("c1", at));
        assertEquals("Error (NO_SUCH_CALL): no live call with Call-ID x", Tables.controlError(
                new org.siprec.api.ops.RecordingControlException(org.siprec.api.ops.RecordingControlException.Reason.NO_SUCH_CALL,
                        "no live call with Call-ID x")));
    }

    @Test
    void recordStartAndStopOutcomesNameTheCallTheTimeAndTheReason() {
        java.time.Instant at = java.time.Instant.parse("2026-12-03T08:00:00.123456Z");
        assertEquals("Recording of call c1 started at 2026-12-03T08:00:00.123Z: the SRS accepted, media is sent to it "
                + "(decision: on demand)", Tables.recordingStarted("c1", at));
        assertEquals("Recording of call c1 stopped at 2026-12-03T08:00:00.123Z: the SRS got the BYE, the call goes on "
                + "unrecorded", Tables.recordingStopped("c1", at));
        assertEquals("Error (MANDATORY): the recording of call c1 is mandatory (law) and cannot be stopped", Tables.controlError(
                new org.siprec.api.ops.RecordingControlException(org.siprec.api.ops.RecordingControlException.Reason.MANDATORY,
                        "the recording of call c1 is mandatory (law) and cannot be stopped")));
    }

    private static List<String> cells(String row) {
        return java.util.Arrays.stream(row.split("\u2502")).map(String::strip).toList();
    }
}
