package org.siprec.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siprec.api.media.MediaMirror;
import org.siprec.sip.SipApplication;

/**
 * Issue 10: the metrics and the {@code media-ports} check read the mirror the SRC's {@code media.target} selects, not
 * the highest-ranked one. Two mirrors registered as in the distribution with rtpengine installed (the built-in relay
 * at ranking 0, rtpengine at -100) and the SRC's service properties with and without {@code media.target}.
 */
class SelectedMirrorTest {
    private final SelectedMirror selected = new SelectedMirror();
    private final PlatformMetrics metrics = new PlatformMetrics();
    private final MediaMirror builtin = new Mirror(10_000);
    private final MediaMirror rtpengine = new Mirror(500);

    @AfterEach
    void close() {
        metrics.deactivate();
    }

    /** A selection holding only {@code mirror}, for other tests. */
    static SelectedMirror only(MediaMirror mirror) {
        SelectedMirror s = new SelectedMirror();
        s.bindMirror(mirror, Map.of("service.id", 1L));
        return s;
    }

    private void register() {
        selected.bindMirror(builtin, Map.of("service.id", 11L, "mirror", "builtin"));
        selected.bindMirror(rtpengine, Map.of("service.id", 12L, "mirror", "rtpengine", "service.ranking", -100));
    }

    private static SipApplication src() {
        return (SipApplication) Proxy.newProxyInstance(SipApplication.class.getClassLoader(),
                new Class<?>[] {SipApplication.class}, (proxy, method, args) -> null);
    }

    @Test
    void theMirrorTheSrcsMediaTargetSelectsIsReadNotTheHighestRanked() {
        register();
        metrics.bindMedia(selected);
        assertSame(builtin, selected.current(), "no SRC (yet): the highest-ranked, what an unfiltered reference binds");

        SipApplication src = src();
        selected.bindApplication(src, Map.of("service.id", 20L, "endpoint.name", "main", "media.target", "(mirror=rtpengine)"));
        assertSame(rtpengine, selected.current());
        assertEquals(500.0, PlatformMetricsTest.value(metrics.scrape(), "siprec_media_ports_free"),
                "/metrics shows the selected mirror's free ports");

        selected.bindApplication(src, Map.of("service.id", 20L, "endpoint.name", "main")); // updated: key removed
        assertSame(builtin, selected.current(), "without media.target the SRC binds the highest-ranked");
        assertEquals(10_000.0, PlatformMetricsTest.value(metrics.scrape(), "siprec_media_ports_free"));
    }

    @Test
    void aReplacedSrcDoesNotForgetItsSuccessorsTargetAndABadTargetSelectsNothing() {
        register();
        SipApplication old = src();
        SipApplication next = src();
        selected.bindApplication(old, Map.of("media.target", "(mirror=builtin)"));
        // DS binds a greedy replacement before it unbinds the one it replaces
        selected.bindApplication(next, Map.of("media.target", "(mirror=rtpengine)"));
        selected.unbindApplication(old);
        assertSame(rtpengine, selected.current());

        selected.bindApplication(next, Map.of("media.target", "(mirror=none-such)"));
        assertNull(selected.current(), "no mirror matches: the SRC has none either");
        selected.bindApplication(next, Map.of("media.target", "(mirror="));
        assertNull(selected.current(), "a filter the SRC cannot use selects nothing");

        selected.unbindMirror(rtpengine);
        selected.unbindApplication(next);
        assertSame(builtin, selected.current());
    }

    private static final class Mirror extends PlatformMetricsTest.CountingMirror {
        private final int free;

        Mirror(int free) {
            this.free = free;
        }

        @Override
        public int freePorts() {
            return free;
        }
    }
}
