package org.siprec.portal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which companies and users each role provisions (docs/portal.md, "Provisioning"). */
class ProvisionScopeTest {
    private static final List<String> PROVISION = List.of("operator-admin");
    private static final List<String> COMPANY_PROVISION = List.of("company-admin");

    private static ProvisionScope scope(String... roles) throws ApiException {
        return ProvisionScope.of(new PortalUser("u", Set.of(roles)), PROVISION, COMPANY_PROVISION);
    }

    @Test
    void anOperatorAdminProvisionsEverything() throws ApiException {
        ProvisionScope s = scope("operator-admin", "company-admin", "company:acme");
        assertTrue(s.all(), "the wider role wins");
        assertTrue(s.sees("beta"));
        assertDoesNotThrow(() -> s.mayChangeCompany("beta"));
        assertDoesNotThrow(() -> s.mayPlaceIn("beta"));
        assertEquals("+33140001234 already belongs to user bob", s.message("+33140001234 already belongs to user bob"));
    }

    @Test
    void aCompanyAdminSeesItsCompanyAndAnotherAsUnknown() throws ApiException {
        ProvisionScope s = scope("company-admin", "company:acme", "subscriber:+33140001234");
        assertFalse(s.all());
        assertTrue(s.sees("acme"));
        assertFalse(s.sees("beta"));
        assertFalse(s.sees("nope"));
        ApiException own = assertThrows(ApiException.class, () -> s.mayChangeCompany("acme"));
        assertEquals(403, own.status(), "its own company: read, not changed");
        ApiException other = assertThrows(ApiException.class, () -> s.mayChangeCompany("beta"));
        ApiException unknown = assertThrows(ApiException.class, () -> s.mayChangeCompany("nope"));
        assertEquals(404, other.status());
        assertEquals("no company 'beta'", other.getMessage(), "as an unknown company is answered");
        assertEquals("no company 'nope'", unknown.getMessage());
    }

    @Test
    void aCompanyAdminPlacesUsersOnlyInItsCompanies() throws ApiException {
        ProvisionScope s = scope("company-admin", "company:acme", "company:acme-lab");
        assertDoesNotThrow(() -> s.mayPlaceIn("acme"));
        assertDoesNotThrow(() -> s.mayPlaceIn("acme-lab"));
        ApiException moved = assertThrows(ApiException.class, () -> s.mayPlaceIn("beta"));
        assertEquals(403, moved.status());
        assertEquals("user u may create or move users only within its own companies [acme, acme-lab], not into"
                + " company 'beta'", moved.getMessage());
        assertEquals("+33140001234 already belongs to another user",
                s.message("+33140001234 already belongs to user bob"), "another company's user id is not told");
    }

    @Test
    void aCompanyAdminWithoutCompanySeesNothingAndOtherRolesNoDirectory() throws ApiException {
        ProvisionScope s = scope("company-admin", "company:");
        assertFalse(s.sees("acme"));
        assertEquals(403, assertThrows(ApiException.class, () -> s.mayPlaceIn("acme")).status());
        for (String role : List.of("company-user", "auditor", "call-control")) {
            ApiException refused = assertThrows(ApiException.class, () -> scope(role, "company:acme"));
            assertEquals(403, refused.status(), role);
        }
    }

    @Test
    void theRolesAreConfigured() throws ApiException {
        PortalUser tenant = new PortalUser("t", Set.of("tenant", "company:acme"));
        assertTrue(ProvisionScope.of(tenant, List.of("tenant"), List.of()).all());
        assertTrue(ProvisionScope.of(tenant, List.of("support"), List.of("tenant")).sees("acme"));
        assertEquals(403, assertThrows(ApiException.class,
                () -> ProvisionScope.of(tenant, PROVISION, COMPANY_PROVISION)).status());
    }
}
