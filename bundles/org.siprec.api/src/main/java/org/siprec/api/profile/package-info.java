/**
 * Subscriber directory SPI: companies, users and their numbers.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.api.profile;
