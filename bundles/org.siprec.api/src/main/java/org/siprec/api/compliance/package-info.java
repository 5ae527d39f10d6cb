/**
 * Compliance SPI: the audit trail of recording decisions and outcomes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.api.compliance;
