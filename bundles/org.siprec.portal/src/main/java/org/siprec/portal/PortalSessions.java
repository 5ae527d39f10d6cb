package org.siprec.portal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI's login sessions, kept in memory (docs/portal.md#sessions-and-csrf): a session is found by the random
 * 256-bit id of its cookie and carries the user, the CSRF token its state changes must send, and two deadlines (idle
 * and absolute). At most {@code session.max.count} live at once. A restart of the bundle logs everyone out, which is
 * what a portal on one node wants; nothing of a session is written anywhere.
 * <p>
 * The map is keyed by the SHA-256 of the id rather than the id itself, so that a lookup's timing tells nothing about
 * the ids it holds; the ids and tokens are never logged.
 */
@Component(service = PortalSessions.class, configurationPid = PortalConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class PortalSessions {
    private static final Logger LOG = LoggerFactory.getLogger(PortalSessions.class);
    private static final int ID_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Limits limits;

    /** A live session; {@link #lastUsed} moves with each request that presents it. */
    static final class Session {
        private final String key;
        private final PortalUser user;
        private final String csrfToken;
        private final Instant created;
        private volatile Instant lastUsed;

        Session(String key, PortalUser user, String csrfToken, Instant created) {
            this.key = key;
            this.user = user;
            this.csrfToken = csrfToken;
            this.created = created;
            this.lastUsed = created;
        }

        PortalUser user() {
            return user;
        }

        String csrfToken() {
            return csrfToken;
        }

        Instant created() {
            return created;
        }

        /** True when {@code token} is this session's CSRF token (compared in constant time). */
        boolean csrfMatches(String token) {
            return token != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Session[user=" + user.name() + ", created=" + created + "]";
        }
    }

    /** A new session: its cookie's id (only the client keeps it) and the session. */
    record Login(String id, Session session) {
    }

    private record Limits(Duration idle, Duration max, int count) {
        static Limits of(PortalConfig config) {
            return new Limits(Duration.ofMinutes(Math.max(1, config.session_idle_minutes())),
                    Duration.ofHours(Math.max(1, config.session_max_hours())), Math.max(1, config.session_max_count()));
        }
    }

    @Activate
    public PortalSessions(PortalConfig config) {
        this(config, Clock.systemUTC());
    }

    /** For tests: sessions on another clock. */
    PortalSessions(PortalConfig config, Clock clock) {
        this.clock = clock;
        modified(config);
    }

    /** New limits apply to the live sessions too (their deadlines are computed at each use). */
    @Modified
    void modified(PortalConfig config) {
        if (config.session_idle_minutes() < 1 || config.session_max_hours() < 1 || config.session_max_count() < 1) {
            LOG.warn("Portal: session.idle.minutes {}, session.max.hours {}, session.max.count {}: each must be at"
                    + " least 1; using 1 for those that are not", config.session_idle_minutes(),
                    config.session_max_hours(), config.session_max_count());
        }
        limits = Limits.of(config);
        LOG.info("Portal sessions: idle timeout {} min, lifetime {} h, at most {}", limits.idle().toMinutes(),
                limits.max().toHours(), limits.count());
    }

    /**
     * A session for a user the realm has just logged in.
     *
     * @throws ApiException 503 when {@code session.max.count} sessions are live
     */
    synchronized Login create(PortalUser user) throws ApiException {
        // synchronized: the count and the insertion together, so that concurrent logins cannot pass the bound
        purgeExpired();
        if (sessions.size() >= limits.count()) {
            LOG.warn("Portal: login of user {} refused: {} sessions live (session.max.count)", user.name(),
                    sessions.size());
            throw new ApiException(503, "too many login sessions; try again later");
        }
        String id = randomToken();
        Session s = new Session(key(id), user, randomToken(), clock.instant());
        sessions.put(s.key, s);
        return new Login(id, s);
    }

    /** The live session of a cookie's id; an expired one is removed and not returned. Marks it used. */
    Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 64) {
            return Optional.empty();
        }
        Session s = sessions.get(key(id));
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            sessions.remove(s.key, s);
            return Optional.empty();
        }
        s.lastUsed = now;
        return Optional.of(s);
    }

    /** Ends a session (log out); nothing when there is none. */
    void remove(Session session) {
        sessions.remove(session.key, session);
    }

    /** How many sessions are live now (expired ones are dropped first). */
    int count() {
        purgeExpired();
        return sessions.size();
    }

    /** When the session ends if it is not used again. */
    Instant expires(Session s) {
        Limits l = limits;
        Instant idleEnd = s.lastUsed.plus(l.idle());
        Instant maxEnd = s.created.plus(l.max());
        return idleEnd.isBefore(maxEnd) ? idleEnd : maxEnd;
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(expires(s));
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
    }

    private String randomToken() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String key(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
