/**
 * Recording store SPI: where records of recordings are kept; since 1.1 {@link org.siprec.api.store.RecordingRecord#srsUris}
 * (every SRS that took a recording that moved mid-call); since 1.2 {@link org.siprec.api.store.RecordingRecord#sessionCase}
 * (the recorded call's session case, so that a catalogue can give the SRS's recording its direction).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.siprec.api.store;
