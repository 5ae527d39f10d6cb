package org.siprec.srs.sip;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.ops.SrsGroupMonitor;
import org.siprec.api.srs.SrsAdapter;

/**
 * The default SRS group, configured by {@code etc/org.siprec.srs.sip.cfg} ({@link SrsGroupAdapter} does the work;
 * further groups are {@link GroupSrsAdapter}s).
 */
@Component(service = {SrsAdapter.class, SrsGroupMonitor.class, ProbeListener.class}, configurationPid = SrsGroupAdapter.PID,
        property = SrsGroupAdapter.GROUP_PROPERTY + "=" + SrsGroupAdapter.DEFAULT_GROUP)
@Designate(ocd = SrsGroupAdapter.Config.class)
public class ConfiguredSrsAdapter extends SrsGroupAdapter {
    @Activate
    public ConfiguredSrsAdapter(Config config) {
        super(config);
    }
}
