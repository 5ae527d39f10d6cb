package org.siprec.ops.metrics;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.media.MediaMirror;
import org.siprec.sip.SipApplication;
import org.siprec.sip.SipEndpoint;

/**
 * The media mirror the SRC uses, for the metrics and the {@code media-ports} health check: among the registered
 * mirrors, the highest-ranked one that matches the SRC's {@code media.target} ({@code etc/org.siprec.src.cfg}, a
 * filter on the mirrors' properties); the SRC's B2BUA carries that key as a property of its {@link SipApplication}
 * service (DS: configuration properties are component and service properties). Without the key (or while no SRC
 * runs) the highest-ranked mirror, which is what the SRC's unfiltered reference binds. A plain optional reference to
 * {@code MediaMirror} would read the highest-ranked mirror even when {@code media.target} selects another one
 * (issue 10: rtpengine selected, the built-in relay's ports and counts reported).
 */
@Component(service = SelectedMirror.class)
public class SelectedMirror {
    static final String TARGET = "media.target";

    private final Map<MediaMirror, Map<String, Object>> mirrors = new ConcurrentHashMap<>();
    /** The SRC's B2BUA service and its properties, or {@code null}. */
    private volatile Map.Entry<SipApplication, Map<String, Object>> application;

    /** The mirror the SRC uses now, or {@code null} when none matches (the SRC then refuses new calls with 503). */
    public MediaMirror current() {
        Map.Entry<SipApplication, Map<String, Object>> app = application;
        Object target = app == null ? null : app.getValue().get(TARGET);
        Filter filter = null;
        if (target instanceof String t && !t.isBlank()) {
            try {
                filter = FrameworkUtil.createFilter(t);
            } catch (InvalidSyntaxException e) {
                return null; // the SRC cannot bind a mirror with it either
            }
        }
        Filter f = filter;
        return mirrors.entrySet().stream()
                .filter(e -> f == null || f.matches(e.getValue()))
                .max(Comparator.comparingInt((Map.Entry<MediaMirror, Map<String, Object>> e) -> ranking(e.getValue()))
                        .thenComparing(e -> -serviceId(e.getValue())))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
    }

    private static long serviceId(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE;
    }

    @Reference(name = "mirror", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "bindMirror")
    void bindMirror(MediaMirror mirror, Map<String, Object> properties) {
        mirrors.put(mirror, Map.copyOf(properties));
    }

    void unbindMirror(MediaMirror mirror) {
        mirrors.remove(mirror);
    }

    @Reference(name = "application", target = "(" + SipEndpoint.NAME_PROPERTY + "=" + SipEndpoint.MAIN + ")",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "bindApplication")
    synchronized void bindApplication(SipApplication app, Map<String, Object> properties) {
        application = Map.entry(app, Map.copyOf(properties));
    }

    synchronized void unbindApplication(SipApplication app) {
        // a greedy replacement is bound before the old one is unbound: forget only the one going away
        Map.Entry<SipApplication, Map<String, Object>> current = application;
        if (current != null && current.getKey() == app) {
            application = null;
        }
    }
}
