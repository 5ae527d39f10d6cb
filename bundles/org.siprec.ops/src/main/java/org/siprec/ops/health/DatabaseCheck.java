package org.siprec.ops.health;

import java.sql.Connection;
import java.sql.SQLException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.siprec.api.health.HealthCheck;
import org.siprec.api.health.HealthResult;
import org.siprec.db.SiprecDatabase;

/**
 * The platform database answers: a pooled connection is valid within the check's time. {@code SiprecDatabase} is
 * registered only while its pool is up, so its absence is a failure too, unless {@code database.required=false}.
 */
@Component(service = HealthCheck.class, configurationPid = HealthConfig.PID,
        property = {HealthCheck.NAME + "=database", HealthCheck.TAGS + "=ready"})
public class DatabaseCheck implements HealthCheck {
    private static final int VALID_TIMEOUT_S = 1;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SiprecDatabase database;
    private volatile boolean required = true;

    @Activate
    @Modified
    void configure(HealthConfig config) {
        required = config.database_required();
    }

    @Override
    public HealthResult check() {
        SiprecDatabase db = database;
        if (db == null) {
            return required
                    ? HealthResult.critical("the platform database is not available (SiprecDatabase not registered: unreachable or misconfigured, see the log)")
                    : HealthResult.ok("no database (database.required=false)");
        }
        try (Connection c = db.dataSource().getConnection()) {
            return c.isValid(VALID_TIMEOUT_S) ? HealthResult.ok(db.product() + " answers")
                    : HealthResult.critical(db.product() + ": connection not valid within " + VALID_TIMEOUT_S + " s");
        } catch (SQLException | RuntimeException e) {
            return HealthResult.critical("cannot reach the database: " + e.getMessage());
        }
    }
}
