package org.siprec.srs.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siprec.api.srs.SrsTarget;
import org.siprec.testsupport.Configs;

/** Configuration of the SRS group: defaults keep today's behaviour, bad values are refused naming the key. */
class ConfiguredSrsAdapterTest {
    static ConfiguredSrsAdapter.Config config(Map<String, ?> values) {
        Map<String, Object> v = new HashMap<>(values);
        v.putIfAbsent("health.interval.ms", 0); // no probe endpoint here
        return Configs.of(ConfiguredSrsAdapter.Config.class, v);
    }

    static String refusal(Map<String, ?> values) {
        return assertThrows(IllegalArgumentException.class, () -> ConfiguredSrsAdapter.settings(config(values))).getMessage();
    }

    @Test
    void keepsTheConfiguredOrder() {
        assertEquals(List.of(new SrsTarget("sip:a@10.0.0.1"), new SrsTarget("sip:b@10.0.0.2:5070;transport=tcp")),
                ConfiguredSrsAdapter.parse(" sip:a@10.0.0.1 , sip:b@10.0.0.2:5070;transport=tcp,"));
        assertTrue(ConfiguredSrsAdapter.parse("").isEmpty());
    }

    @Test
    void refusesWhatIsNotASipUri() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredSrsAdapter.parse("sip:a@10.0.0.1, http://srs.example.com"));
        assertTrue(e.getMessage().contains("srs.uris"), e.getMessage());
        assertTrue(e.getMessage().contains("http://srs.example.com"), e.getMessage());
        assertTrue(refusal(Map.of("srs.uris", "sip:")).contains("srs.uris"));
        assertTrue(refusal(Map.of("srs.uris", "sip:a@h, sip:a@h")).contains("listed twice"));
    }

    @Test
    void defaultsAreHuntWithEqualWeightsAndProbing() {
        ConfiguredSrsAdapter.Settings s = ConfiguredSrsAdapter.settings(Configs.of(ConfiguredSrsAdapter.Config.class,
                Map.of("srs.uris", "sip:a@10.0.0.1,sip:b@10.0.0.2")));
        assertEquals(SelectionMode.HUNT, s.mode());
        assertEquals(List.of(1, 1), s.weights());
        assertEquals(5000, s.intervalMs());
        assertEquals(2000, s.timeoutMs());
        assertEquals(3, s.downThreshold());
        assertEquals(2, s.upThreshold());
    }

    @Test
    void readsEveryMode() {
        for (String mode : List.of("hunt", "round-robin", "Weighted", " least-busy ")) {
            ConfiguredSrsAdapter.settings(config(Map.of("selection.mode", mode)));
        }
        String e = refusal(Map.of("selection.mode", "random"));
        assertTrue(e.contains("selection.mode") && e.contains("random") && e.contains("least-busy"), e);
    }

    @Test
    void refusesBadWeights() {
        Map<String, String> two = Map.of("srs.uris", "sip:a@10.0.0.1,sip:b@10.0.0.2");
        assertEquals(List.of(3, 1), ConfiguredSrsAdapter.settings(config(with(two, "srs.weights", "3, 1"))).weights());
        assertTrue(refusal(with(two, "srs.weights", "3,x")).contains("srs.weights: 'x'"));
        assertTrue(refusal(with(two, "srs.weights", "3,0")).contains("out of range"));
        assertTrue(refusal(with(two, "srs.weights", "3,-2")).contains("out of range"));
        assertTrue(refusal(with(two, "srs.weights", "3")).contains("1 weights for 2 SRS URIs"));
    }

    @Test
    void refusesBadHealthSettings() {
        assertTrue(refusal(Map.of("health.interval.ms", -1)).contains("health.interval.ms"));
        assertTrue(refusal(Map.of("health.interval.ms", 10)).contains("health.interval.ms"));
        assertTrue(refusal(Map.of("health.timeout.ms", 0)).contains("health.timeout.ms"));
        assertTrue(refusal(Map.of("health.down.threshold", 0)).contains("health.down.threshold"));
        assertTrue(refusal(Map.of("health.up.threshold", 0)).contains("health.up.threshold"));
    }

    @Test
    void aBadChangeKeepsTheRunningGroup() {
        ConfiguredSrsAdapter adapter = new ConfiguredSrsAdapter(config(Map.of("srs.uris", "sip:a@10.0.0.1,sip:b@10.0.0.2",
                "selection.mode", "round-robin")));
        try {
            adapter.modified(config(Map.of("srs.uris", "sip:a@10.0.0.1", "selection.mode", "fastest")));
            assertEquals("round-robin", adapter.mode());
            assertEquals(2, adapter.members().size());
            assertTrue(adapter.healthy());
            assertEquals(new SrsTarget("sip:a@10.0.0.1"), adapter.targets(null).get(0));
            assertEquals(new SrsTarget("sip:b@10.0.0.2"), adapter.targets(null).get(0));
        } finally {
            adapter.deactivate();
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
