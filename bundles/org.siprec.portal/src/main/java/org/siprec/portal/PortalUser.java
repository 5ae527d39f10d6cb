package org.siprec.portal;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A user the realm authenticated, with the role names its principals carry. Two kinds of role names are not roles
 * but say whom the user belongs to (docs/portal.md#users-companies-and-own-calls): {@code company:<id>} (a company
 * whose recordings a company role may see) and {@code subscriber:<number-or-aor>} (a number or address of record
 * that is the user's own, for the own-calls role).
 */
record PortalUser(String name, Set<String> roles) {
    static final String COMPANY = "company:";
    static final String SUBSCRIBER = "subscriber:";

    PortalUser {
        roles = Set.copyOf(roles);
    }

    boolean hasAny(Collection<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }

    /** The companies of the user ({@code company:<id>} principals). */
    Set<String> companies() {
        return suffixes(COMPANY);
    }

    /** The user's own numbers and AORs ({@code subscriber:<number-or-aor>} principals). */
    Set<String> subscribers() {
        return suffixes(SUBSCRIBER);
    }

    private Set<String> suffixes(String prefix) {
        return roles.stream().filter(r -> r.startsWith(prefix) && r.length() > prefix.length())
                .map(r -> r.substring(prefix.length()).trim()).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
