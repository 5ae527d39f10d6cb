/**
 * Session Recording Server adapter SPI: plugins choose the SRS targets of a recording session.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.api.srs;
