package org.siprec.metadata;

import java.util.Locale;

/** Names of the RFC 7865 format: namespaces and SIP content types. */
public final class MetadataFormat {

    /** The RFC 7865 namespace, written by {@link MetadataWriter}. */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:recording:1";

    /** The namespace of the drafts before RFC 7865, still sent by several SRCs; accepted by the reader. */
    public static final String LEGACY_NAMESPACE = "urn:ietf:params:xml:ns:recording";

    /**
     * The namespace of the early draft-ietf-siprec-metadata documents with the root {@code <recording_metadata>}, as
     * BroadWorks and Webex Calling send them; accepted by the reader.
     *
     * @since 1.2
     */
    public static final String SIPREC_DRAFT_NAMESPACE = "urn:ietf:params:xml:ns:siprec";

    /**
     * The namespace of siprec-platform's recording decision, an extension element ({@code <decision>}) carried in
     * {@code <recording>}; its schema ({@value #DECISION_SCHEMA_RESOURCE}) is part of what {@link MetadataValidator}
     * checks.
     */
    public static final String DECISION_NAMESPACE = "urn:x-siprec-platform:xml:ns:decision:1";

    /** Class path of the XSD of {@link #DECISION_NAMESPACE} inside this bundle. */
    public static final String DECISION_SCHEMA_RESOURCE = "/org/siprec/metadata/decision-1.xsd";

    /** The content type of a metadata body (RFC 7866 section 12.1). */
    public static final String CONTENT_TYPE = "application/rs-metadata+xml";

    /** The content type used by the drafts and some SRCs for the same XML. */
    public static final String LEGACY_CONTENT_TYPE = "application/rs-metadata";

    /** The {@code Content-Disposition} of a metadata body (RFC 7866). */
    public static final String CONTENT_DISPOSITION = "recording-session";

    /** Class path of the XSD ({@code recording-1.xsd}) inside this bundle. */
    public static final String SCHEMA_RESOURCE = "/org/siprec/metadata/recording-1.xsd";

    private MetadataFormat() {
    }

    /**
     * @param contentType a {@code Content-Type} value, possibly with parameters ({@code ;charset=UTF-8})
     * @return whether the body is recording metadata ({@code application/rs-metadata+xml} or
     *         {@code application/rs-metadata}, any case); both carry the same XML
     */
    public static boolean isMetadataContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return type.equals(CONTENT_TYPE) || type.equals(LEGACY_CONTENT_TYPE);
    }
}
