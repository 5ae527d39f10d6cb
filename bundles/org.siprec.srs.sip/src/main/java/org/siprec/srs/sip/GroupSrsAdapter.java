package org.siprec.srs.sip;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.siprec.api.ops.SrsGroupMonitor;
import org.siprec.api.srs.SrsAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One more SRS group, one per factory configuration {@code etc/org.siprec.srs.sip.group-<name>.cfg}: the same keys
 * and behaviour as the default group ({@link ConfiguredSrsAdapter}, {@code etc/org.siprec.srs.sip.cfg}; both are
 * {@link SrsGroupAdapter}s), named by its {@code srs.group}. A PID of its own so that the default group's singleton
 * configuration stays as it was; the file name takes {@code -} (Karaf's file install reads {@code <factoryPid>-<name>.cfg}
 * as a factory configuration; a {@code ~} name gave no component in MultiRecordingTest's first runs). The reference and life-cycle methods are the superclass's (bnd
 * {@code -dsannotations-options: inherit}; the superclass is no component, as bnd then also counts its constructor).
 */
@Component(name = GroupSrsAdapter.PID, configurationPid = GroupSrsAdapter.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {SrsAdapter.class, SrsGroupMonitor.class, ProbeListener.class})
@Designate(ocd = SrsGroupAdapter.Config.class, factory = true)
public class GroupSrsAdapter extends SrsGroupAdapter {
    /** The factory PID of the further SRS groups. */
    public static final String PID = "org.siprec.srs.sip.group";
    private static final Logger LOG = LoggerFactory.getLogger(GroupSrsAdapter.class);

    @Activate
    public GroupSrsAdapter(Config config) {
        super(config);
        if (DEFAULT_GROUP.equals(config.srs_group().strip())) {
            LOG.warn("SRS group configuration {} has no srs.group of its own: its SRSs {} join group '{}'; name it with "
                    + "srs.group=<name>", PID, config.srs_uris(), DEFAULT_GROUP);
        }
    }
}
