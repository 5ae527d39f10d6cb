package org.siprec.portal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which part of the subscriber directory a portal user may provision (docs/portal.md, "Provisioning"): a provision
 * role ({@code operator-admin}) the whole directory; else a company provision role ({@code company-admin}) the users
 * of its companies (its {@code company:<id>} principals), and those companies read-only. A company or user outside
 * the scope is answered exactly as an unknown one (404), so that a company-admin learns nothing of other companies;
 * only placing a user into another company is refused (403), since the company is the caller's own input.
 */
final class ProvisionScope {
    private final boolean all;
    private final Set<String> companies;
    private final String user;

    private ProvisionScope(boolean all, Set<String> companies, String user) {
        this.all = all;
        this.companies = companies;
        this.user = user;
    }

    /**
     * The scope of {@code user}, or 403 when it has none of the roles.
     *
     * @param provisionRoles        roles that provision the whole directory
     * @param companyProvisionRoles roles that provision their own companies' users
     */
    static ProvisionScope of(PortalUser user, List<String> provisionRoles, List<String> companyProvisionRoles)
            throws ApiException {
        if (user.hasAny(provisionRoles)) {
            return new ProvisionScope(true, Set.of(), user.name());
        }
        if (user.hasAny(companyProvisionRoles)) {
            return new ProvisionScope(false, Set.copyOf(user.companies()), user.name());
        }
        throw new ApiException(403, "user " + user.name() + " has none of the roles " + provisionRoles + " or "
                + companyProvisionRoles);
    }

    /** Whether the whole directory is in scope (an operator-admin). */
    boolean all() {
        return all;
    }

    /** Whether company {@code companyId} and its users are visible (read) to this user. */
    boolean sees(String companyId) {
        return all || companies.contains(companyId);
    }

    /** A company may be added, replaced or removed by an operator-admin only; 403 for one's own, else 404. */
    void mayChangeCompany(String companyId) throws ApiException {
        if (all) {
            return;
        }
        if (!sees(companyId)) {
            throw new ApiException(404, "no company '" + companyId + "'");
        }
        throw new ApiException(403, "user " + user + " may read its company '" + companyId
                + "' but not change or remove it");
    }

    /** A user may be created in, or moved into, a company of the scope only: 403 naming the allowed ones. */
    void mayPlaceIn(String companyId) throws ApiException {
        if (!sees(companyId)) {
            throw new ApiException(403, "user " + user + " may create or move users only within its own"
                    + " compan" + (companies.size() == 1 ? "y " : "ies ") + new TreeSet<>(companies)
                    + ", not into company '" + companyId + "'");
        }
    }

    /**
     * A directory error message as this user may read it: for a company-scoped user, the id of whoever already
     * owns a number is not told (it may be another company's user).
     */
    String message(String directoryMessage) {
        return all ? directoryMessage
                : directoryMessage.replaceAll("already belongs to user \\S+", "already belongs to another user");
    }
}
