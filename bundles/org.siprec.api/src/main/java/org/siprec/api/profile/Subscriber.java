package org.siprec.api.profile;

import java.util.Objects;
import java.util.Optional;

/**
 * A user known to the operator.
 *
 * @param aor     the user's address of record
 * @param company the company the user belongs to, if any
 */
public record Subscriber(String aor, Optional<String> company) {
    public Subscriber {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(company, "company");
    }
}
