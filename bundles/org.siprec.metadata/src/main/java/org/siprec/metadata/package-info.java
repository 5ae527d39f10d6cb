/**
 * RFC 7865 recording metadata ({@code urn:ietf:params:xml:ns:recording:1}): an immutable model
 * ({@link org.siprec.metadata.RecordingMetadata} and its elements), a StAX writer for complete snapshots and partial
 * updates ({@link org.siprec.metadata.MetadataWriter}), a tolerant and safe reader for the RFC format and the vendor
 * dialects ({@link org.siprec.metadata.MetadataReader}) and a validator against the bundled XSD
 * ({@link org.siprec.metadata.MetadataValidator}).
 * <p>
 * The readers, writers and validators are plain objects: create one and share it; they are thread-safe.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.siprec.metadata;
