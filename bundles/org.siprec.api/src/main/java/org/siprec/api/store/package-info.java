/**
 * Recording store SPI: where records of recordings are kept; since 1.1 {@link org.siprec.api.store.RecordingRecord#srsUris}
 * (every SRS that took a recording that moved mid-call).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.siprec.api.store;
