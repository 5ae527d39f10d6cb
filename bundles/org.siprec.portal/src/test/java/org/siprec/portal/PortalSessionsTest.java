package org.siprec.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortalSessionsTest {
    private static final PortalUser ALICE = new PortalUser("alice", Set.of("auditor"));

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-03T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The configuration's defaults with some values replaced (as Config Admin would give them). */
    static PortalConfig config(Map<String, Object> values) {
        return (PortalConfig) Proxy.newProxyInstance(PortalConfig.class.getClassLoader(),
                new Class<?>[] {PortalConfig.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }

    private final TestClock clock = new TestClock();

    @Test
    void aSessionIsFoundByItsRandom256BitIdAndCarriesItsOwnCsrfToken() throws ApiException {
        PortalSessions sessions = new PortalSessions(config(Map.of()), clock);
        PortalSessions.Login a = sessions.create(ALICE);
        PortalSessions.Login b = sessions.create(ALICE);
        assertEquals(32, Base64.getUrlDecoder().decode(a.id()).length);
        assertEquals(32, Base64.getUrlDecoder().decode(a.session().csrfToken()).length);
        assertNotEquals(a.id(), b.id());
        assertNotEquals(a.session().csrfToken(), b.session().csrfToken());
        assertEquals(ALICE, sessions.find(a.id()).orElseThrow().user());
        assertTrue(sessions.find("not-" + a.id()).isEmpty());
        assertTrue(sessions.find(null).isEmpty());
        assertTrue(a.session().csrfMatches(a.session().csrfToken()));
        assertFalse(a.session().csrfMatches(b.session().csrfToken()));
        assertFalse(a.session().csrfMatches(null));
        assertFalse(a.session().toString().contains(a.id()), "the id is never in a session's text");
        assertFalse(a.session().toString().contains(a.session().csrfToken()));
    }

    @Test
    void aSessionEndsAfterTheIdleTimeoutAndEachUseMovesIt() throws ApiException {
        PortalSessions sessions = new PortalSessions(config(Map.of("session_idle_minutes", 15)), clock);
        PortalSessions.Login a = sessions.create(ALICE);
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.find(a.id()).isPresent(), "used after 14 min");
        clock.advance(Duration.ofMinutes(14));
        assertTrue(sessions.find(a.id()).isPresent(), "14 min after its last use");
        assertEquals(clock.now.plus(Duration.ofMinutes(15)), sessions.expires(a.session()));
        clock.advance(Duration.ofMinutes(15));
        assertTrue(sessions.find(a.id()).isEmpty(), "15 min idle: ended");
        assertEquals(0, sessions.count());
    }

    @Test
    void aSessionEndsAfterItsLifetimeHoweverBusy() throws ApiException {
        PortalSessions sessions = new PortalSessions(config(Map.of("session_max_hours", 8)), clock);
        PortalSessions.Login a = sessions.create(ALICE);
        for (int i = 0; i < 7 * 6 + 5; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertTrue(sessions.find(a.id()).isPresent(), "in use after " + (i + 1) * 10 + " min");
        }
        clock.advance(Duration.ofMinutes(10)); // 8 h
        assertTrue(sessions.find(a.id()).isEmpty(), "8 h after the login: ended");
    }

    @Test
    void theNumberOfSessionsIsBoundedAndExpiredOnesMakeRoom() throws ApiException {
        PortalSessions sessions = new PortalSessions(config(Map.of("session_max_count", 2)), clock);
        sessions.create(ALICE);
        PortalSessions.Login second = sessions.create(ALICE);
        ApiException full = assertThrows(ApiException.class, () -> sessions.create(ALICE));
        assertEquals(503, full.status());
        sessions.remove(second.session());
        assertTrue(sessions.find(second.id()).isEmpty(), "logged out");
        sessions.create(ALICE);
        clock.advance(Duration.ofMinutes(16));
        sessions.create(ALICE); // the two idle ones ended
        assertEquals(1, sessions.count());
    }

    @Test
    void newLimitsApplyToLiveSessionsAndNonsenseIsRaisedToOne() throws ApiException {
        PortalSessions sessions = new PortalSessions(config(Map.of()), clock);
        PortalSessions.Login a = sessions.create(ALICE);
        sessions.modified(config(Map.of("session_idle_minutes", 0)));
        clock.advance(Duration.ofSeconds(61));
        assertTrue(sessions.find(a.id()).isEmpty(), "idle timeout 0 is taken as 1 min");
    }
}
