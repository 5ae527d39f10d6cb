package org.siprec.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.siprec.api.catalog.RecordingSearch.Scope;

/** Which recordings each role sees, from the role principals the realm gives (docs/portal.md#roles). */
class AccessScopeTest {
    private final AccessScope scopes = new AccessScope(List.of("operator-admin", "auditor", "company-admin",
            "company-user"), List.of("company-admin"), List.of("company-user"));

    @Test
    void operatorAdminsAndAuditorsSeeEverything() {
        assertTrue(scopes.of(new PortalUser("karaf", Set.of("operator-admin", "admin"))).all());
        assertTrue(scopes.of(new PortalUser("audit", Set.of("auditor", "company:acme"))).all());
        assertTrue(scopes.of(new PortalUser("both", Set.of("company-user", "operator-admin"))).all(),
                "the widest role wins");
    }

    @Test
    void aCompanyAdminSeesItsCompaniesAndACompanyUserItsOwnNumbers() {
        assertEquals(new Scope(Set.of("acme"), null), scopes.of(new PortalUser("ada",
                Set.of("company-admin", "company:acme", "subscriber:+4930111"))));
        assertEquals(new Scope(Set.of("acme", "beta"), null), scopes.of(new PortalUser("ada",
                Set.of("company-admin", "company:acme", "company:beta"))));
        assertEquals(new Scope(null, Set.of("+4930111", "sip:alice@acme.example")), scopes.of(new PortalUser("alice",
                Set.of("company-user", "company:acme", "subscriber:+4930111", "subscriber:sip:alice@acme.example"))));
    }

    @Test
    void aScopedUserWithoutCompanyOrNumberSeesNothing() {
        assertEquals(new Scope(Set.of(), null), scopes.of(new PortalUser("ada", Set.of("company-admin", "company:"))));
        assertEquals(new Scope(null, Set.of()), scopes.of(new PortalUser("alice", Set.of("company-user"))));
        assertEquals(new Scope(Set.of(), null), scopes.of(new PortalUser("viewer", Set.of("viewer"))));
    }

    @Test
    void theRolesAreConfigured() {
        AccessScope custom = new AccessScope(List.of("support", "tenant"), List.of("tenant"), List.of());
        assertTrue(custom.of(new PortalUser("s", Set.of("support"))).all());
        assertEquals(new Scope(Set.of("acme"), null), custom.of(new PortalUser("t", Set.of("tenant", "company:acme"))));
    }
}
