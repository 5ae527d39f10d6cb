/**
 * Health check SPI: a check says whether one part the platform needs works (SIP listening, media ports, SRSs,
 * database, disk space). The {@code org.siprec.ops} bundle runs every registered check for {@code /health/live},
 * {@code /health/ready} and {@code siprec:health}; plugins add their own by registering a {@link HealthCheck}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.api.health;
