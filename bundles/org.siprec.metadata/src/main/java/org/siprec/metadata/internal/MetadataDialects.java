package org.siprec.metadata.internal;

import java.util.function.Consumer;

import org.siprec.metadata.MetadataException;
import org.siprec.metadata.MetadataFormat;
import org.siprec.metadata.RecordingMetadata;

/**
 * The one entry point of the readers: picks the dialect's reader by the root element and reports what the document
 * does differently from RFC 7865 (the SRS counts those per SRC). Dialects:
 * <ul>
 * <li>{@code <recording>} — RFC 7865, and the pre-RFC forms Oracle/Acme Packet and others still send inside the same
 * root (draft namespace, {@code id}/{@code session} attributes, associations inside {@code <participant>}):
 * {@link MetadataInterpreter};</li>
 * <li>{@code <recording_metadata>} — the early draft-ietf-siprec-metadata form BroadWorks and Webex Calling send, in
 * {@value MetadataFormat#SIPREC_DRAFT_NAMESPACE}: {@link DraftMetadataReader}, which maps it onto the same model.</li>
 * </ul>
 */
public final class MetadataDialects {

    private MetadataDialects() {
    }

    public static RecordingMetadata read(XmlNode root, Consumer<String> deviations) throws MetadataException {
        Consumer<String> report = deviations == null ? d -> { } : deviations;
        if (root.key.equals(DraftMetadataReader.ROOT)) {
            report.accept("pre-RFC metadata <" + root.localName + "> (draft-ietf-siprec-metadata)");
            namespace(root, report);
            return DraftMetadataReader.read(root);
        }
        if (root.key.equals("recording")) {
            namespace(root, report);
        }
        return MetadataInterpreter.interpret(root);
    }

    private static void namespace(XmlNode root, Consumer<String> report) {
        if (root.namespace.equals(MetadataFormat.NAMESPACE)) {
            return;
        }
        if (root.namespace.equals(MetadataFormat.LEGACY_NAMESPACE)) {
            report.accept("draft metadata namespace " + MetadataFormat.LEGACY_NAMESPACE + " (no ':1')");
        } else if (root.namespace.equals(MetadataFormat.SIPREC_DRAFT_NAMESPACE)) {
            // the namespace of the <recording_metadata> dialect: reported with the dialect itself
        } else if (root.namespace.isEmpty()) {
            report.accept("metadata in no namespace");
        } else {
            report.accept("metadata in namespace " + root.namespace);
        }
    }
}
