package org.siprec.ops.health;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.siprec.api.ops.SrsGroupMonitor;

/**
 * Every SRS group has at least one SRS that is not known to be down. An SRS whose state is {@code unknown} (OPTIONS
 * probing disabled, or not probed yet) counts as available: only probes can say that an SRS is down.
 */
@Component(service = HealthCheck.class, property = {HealthCheck.NAME + "=srs-groups", HealthCheck.TAGS + "=ready"})
public class SrsGroupsCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<SrsGroupMonitor> groups;

    @Override
    public HealthResult check() {
        List<SrsGroupMonitor> all = groups;
        if (all == null || all.isEmpty()) {
            return HealthResult.ok("no SRS group registered");
        }
        StringBuilder found = new StringBuilder();
        boolean critical = false;
        for (SrsGroupMonitor group : all) {
            List<SrsGroupMonitor.SrsStatus> members = group.members();
            long up = members.stream().filter(m -> "up".equals(m.state())).count();
            long unknown = members.stream().filter(m -> !"up".equals(m.state()) && !"down".equals(m.state())).count();
            if (found.length() > 0) {
                found.append("; ");
            }
            found.append(group.mode()).append(" group ")
                    .append(members.stream().map(SrsGroupMonitor.SrsStatus::uri).toList())
                    .append(": ").append(up).append(" up, ").append(members.size() - up - unknown).append(" down, ")
                    .append(unknown).append(" unknown");
            if (up + unknown == 0) {
                critical = true;
                found.append(members.isEmpty() ? " (no SRS configured)" : " (all down)");
            }
        }
        return critical ? HealthResult.critical(found.toString()) : HealthResult.ok(found.toString());
    }
}
