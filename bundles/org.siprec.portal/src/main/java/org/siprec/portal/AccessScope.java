package org.siprec.portal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.siprec.api.catalog.RecordingSearch.Scope;

/**
 * Which recordings a portal user may see at all, from its roles (docs/portal.md#roles): a read role that is neither a
 * company role nor an own-calls role sees everything ({@code operator-admin}, {@code auditor}); else a company role
 * sees its companies' recordings ({@code company-admin}, by its {@code company:<id>} principals); else an own-calls
 * role sees the recordings one of whose parties is one of its {@code subscriber:<number-or-aor>} principals
 * ({@code company-user}). The widest wins. A scoped user without such principals sees nothing.
 */
final class AccessScope {
    private final List<String> readRoles;
    private final List<String> companyRoles;
    private final List<String> ownRoles;

    AccessScope(List<String> readRoles, List<String> companyRoles, List<String> ownRoles) {
        this.readRoles = readRoles;
        this.companyRoles = companyRoles;
        this.ownRoles = ownRoles;
    }

    /** The scope of a user who has one of the read roles. */
    Scope of(PortalUser user) {
        Set<String> unscoped = new HashSet<>(readRoles);
        unscoped.removeAll(companyRoles);
        unscoped.removeAll(ownRoles);
        if (user.hasAny(unscoped)) {
            return Scope.ALL;
        }
        if (user.hasAny(companyRoles)) {
            return new Scope(user.companies(), null);
        }
        if (user.hasAny(ownRoles)) {
            return new Scope(null, user.subscribers());
        }
        return new Scope(Set.of(), null);
    }
}
