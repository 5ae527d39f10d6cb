package org.siprec.metadata.internal;

import org.siprec.metadata.MetadataException;
import org.siprec.metadata.RecordingMetadata;

/**
 * The early draft-ietf-siprec-metadata dialect that BroadWorks and Webex Calling send: root
 * {@code <recording_metadata>} in {@code urn:ietf:params:xml:ns:siprec}, {@code <dataMode>}, elements identified by an
 * {@code id} attribute and linked by {@code session}/{@code group} attributes, the participant's {@code <aor>},
 * {@code <name>}, {@code <send>}/{@code <recv>} (stream ids) and times as its children, and the elements either
 * directly under the root or wrapped in a {@code <recording>} element. It is rewritten into the tree of a
 * {@code <recording>} document and read by {@link MetadataInterpreter}, which maps those draft forms onto RFC 7865, so
 * both dialects give the same model. Extension elements (BroadWorks {@code <extensiondata>}, Webex's own elements)
 * are kept or skipped as in RFC documents.
 */
final class DraftMetadataReader {
    /** The normalized name of the root, {@code recording_metadata}. */
    static final String ROOT = XmlNode.key("recording_metadata");

    private DraftMetadataReader() {
    }

    static RecordingMetadata read(XmlNode root) throws MetadataException {
        XmlNode recording = new XmlNode(root.namespace, "recording", root.line);
        recording.attributes.putAll(root.attributes);
        for (XmlNode child : root.children) {
            if (child.key.equals("recording") && child.namespace.equals(root.namespace)) {
                // the drafts' recording-session element: its content is the document's
                recording.attributes.putAll(child.attributes);
                child.children.forEach(c -> recording.children.add(draftElement(c)));
            } else {
                recording.children.add(draftElement(child));
            }
        }
        return MetadataInterpreter.interpret(recording);
    }

    /** The draft's names for what RFC 7865 names otherwise, on one element (in place; the tree is ours). */
    private static XmlNode draftElement(XmlNode n) {
        switch (n.key) {
            case "session" -> {
                // <session group="..."> is RFC 7865's <group-ref>
                String group = n.attr("group", "groupref");
                if (group != null && n.child("groupref") == null) {
                    XmlNode ref = new XmlNode(n.namespace, "group-ref", n.line);
                    ref.text.append(group);
                    n.children.add(ref);
                }
            }
            case "participant", "stream" -> {
                // a draft participant's/stream's life in the session: <start-time>/<stop-time>
                alias(n, "starttime", "associate-time");
                alias(n, "stoptime", "disassociate-time");
            }
            default -> {
                // other elements read as in RFC documents
            }
        }
        return n;
    }

    private static void alias(XmlNode n, String from, String to) {
        XmlNode source = n.child(from);
        if (source != null && n.child(XmlNode.key(to)) == null) {
            XmlNode copy = new XmlNode(source.namespace, to, source.line);
            copy.text.append(source.text);
            n.children.add(copy);
        }
    }
}
