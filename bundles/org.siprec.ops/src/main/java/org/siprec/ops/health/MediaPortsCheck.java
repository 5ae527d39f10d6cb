package org.siprec.ops.health;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.siprec.api.media.MediaMirror;
import org.siprec.ops.metrics.SelectedMirror;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The media mirror is there and has at least {@code media.ports.free.min} free ports (new calls need 4 or more). */
@Component(service = HealthCheck.class, configurationPid = HealthConfig.PID,
        property = {HealthCheck.NAME + "=media-ports", HealthCheck.TAGS + "=ready"})
public class MediaPortsCheck implements HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(MediaPortsCheck.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SelectedMirror media;
    private volatile int minimum = 100;

    @Activate
    @Modified
    void configure(HealthConfig config) {
        if (config.media_ports_free_min() < 0) {
            LOG.error("{}: media.ports.free.min={} is negative; keeping {}", HealthConfig.PID, config.media_ports_free_min(), minimum);
            return;
        }
        minimum = config.media_ports_free_min();
    }

    @Override
    public HealthResult check() {
        SelectedMirror selected = media;
        MediaMirror m = selected == null ? null : selected.current();
        if (m == null) {
            return HealthResult.critical("no media mirror (org.siprec.media not running), or none matches the SRC's"
                    + " media.target");
        }
        int free = m.freePorts();
        String found = free + " free media ports (minimum " + minimum + "), " + m.openSessions() + " sessions open";
        return free >= minimum ? HealthResult.ok(found) : HealthResult.critical(found);
    }
}
