/**
 * Recording store SPI: where records of recordings are kept.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.siprec.api.store;
