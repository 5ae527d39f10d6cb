package org.siprec.api.health;

import java.util.Objects;

/**
 * What a {@link HealthCheck} found.
 *
 * @param status  OK, WARN (worth a look, still ready) or CRITICAL (not ready / not live)
 * @param message what was checked and found, for operators (e.g. {@code 1840 free media ports (minimum 100)})
 */
public record HealthResult(Status status, String message) {
    public HealthResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static HealthResult ok(String message) {
        return new HealthResult(Status.OK, message);
    }

    public static HealthResult warn(String message) {
        return new HealthResult(Status.WARN, message);
    }

    public static HealthResult critical(String message) {
        return new HealthResult(Status.CRITICAL, message);
    }

    /** Ordered from best to worst. */
    public enum Status {
        OK, WARN, CRITICAL
    }
}
