package org.siprec.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.function.Consumer;

import org.siprec.metadata.internal.MetadataDialects;
import org.siprec.metadata.internal.XmlBytes;
import org.siprec.metadata.internal.XmlFactories;
import org.siprec.metadata.internal.XmlTreeReader;

/**
 * Reads RFC 7865 metadata ({@code application/rs-metadata+xml} or {@code application/rs-metadata} bodies; the
 * XML is the same), and the early draft dialect with the root {@code <recording_metadata>} in
 * {@value MetadataFormat#SIPREC_DRAFT_NAMESPACE} (BroadWorks, Webex Calling) into the same model.
 * Liberal in what it accepts: the RFC namespace, the draft namespace
 * {@value MetadataFormat#LEGACY_NAMESPACE}, vendor namespaces (e.g. BroadWorks) and no namespace alike, matched by
 * local name; elements in any order; unknown elements and attributes ignored; the draft forms of ids and
 * associations mapped onto the RFC model.
 * <p>
 * Safe: a DOCTYPE, an entity reference or any external resource is refused with a {@link MetadataException};
 * nothing is ever fetched or expanded. Malformed XML is reported as a {@link MetadataException}, never as an
 * unchecked exception. Thread-safe.
 */
public final class MetadataReader {

    /** Far above any metadata body (a SIP message is at most 64 KiB over UDP); guards memory. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private final XmlTreeReader trees;

    public MetadataReader() {
        this.trees = new XmlTreeReader(XmlFactories.secureInputFactory());
    }

    /**
     * Reads a document from a stream (not closed); the encoding comes from the byte order mark or the XML
     * declaration (UTF-8 by default).
     */
    public RecordingMetadata read(InputStream in) throws MetadataException {
        if (in == null) {
            throw new MetadataException("no recording metadata: null input");
        }
        try {
            return read(in.readNBytes(MAX_BYTES + 1));
        } catch (IOException e) {
            throw new MetadataException("cannot read recording metadata: " + e.getMessage(), e);
        }
    }

    /** Reads a document from bytes (e.g. a SIP body part). */
    public RecordingMetadata read(byte[] xml) throws MetadataException {
        return read(xml, null);
    }

    /**
     * Reads a document from bytes and tells what it does differently from RFC 7865 but is read anyway, one short
     * text per kind, e.g. {@code "pre-RFC metadata <recording_metadata> (draft-ietf-siprec-metadata)"} or
     * {@code "draft metadata namespace urn:ietf:params:xml:ns:recording (no ':1')"}; an SRS counts them per SRC.
     *
     * @param deviations receives each deviation (called on this thread, before the method returns); may be
     *            {@code null}
     * @since 1.2
     */
    public RecordingMetadata read(byte[] xml, Consumer<String> deviations) throws MetadataException {
        if (xml == null || xml.length == 0) {
            throw new MetadataException("no recording metadata: empty body");
        }
        if (xml.length > MAX_BYTES) {
            throw new MetadataException("refused: recording metadata larger than " + MAX_BYTES + " bytes");
        }
        return parse(XmlBytes.decode(xml), deviations);
    }

    /** Reads a document from a string. */
    public RecordingMetadata read(String xml) throws MetadataException {
        if (xml == null || xml.isEmpty()) {
            throw new MetadataException("no recording metadata: empty body");
        }
        return parse(xml.charAt(0) == '\uFEFF' ? xml.substring(1) : xml, null);
    }

    private RecordingMetadata parse(String xml, Consumer<String> deviations) throws MetadataException {
        return MetadataDialects.read(trees.read(new StringReader(xml)), deviations);
    }
}
