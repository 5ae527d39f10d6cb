package org.siprec.portal;

import java.util.Collection;
import java.util.Set;

/** A user the realm authenticated, with the role names its principals carry. */
record PortalUser(String name, Set<String> roles) {
    PortalUser {
        roles = Set.copyOf(roles);
    }

    boolean hasAny(Collection<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
