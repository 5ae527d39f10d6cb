package org.siprec.metadata;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.siprec.metadata.internal.Times;
import org.siprec.metadata.internal.XmlFactories;
import org.siprec.metadata.internal.XmlText;

/**
 * Writes RFC 7865 metadata as UTF-8 XML in the namespace {@value MetadataFormat#NAMESPACE}, elements in the order
 * of the RFC schema, times as {@code xs:dateTime} in UTC ({@code Z}). A {@link DataMode#PARTIAL} document is
 * written with {@code <datamode>partial</datamode>} and only the elements it holds; see
 * {@link #writeUpdate(RecordingMetadata, RecordingMetadata)}. Characters XML 1.0 cannot carry (e.g. control
 * characters in a display name) are dropped. Thread-safe.
 */
public final class MetadataWriter {

    private static final String NS = MetadataFormat.NAMESPACE;

    private final XMLOutputFactory factory;
    private final boolean indent;

    /** A writer that indents (two spaces a level). */
    public MetadataWriter() {
        this(true);
    }

    /** @param indent whether to put each element on its own indented line; {@code false} writes one line */
    public MetadataWriter(boolean indent) {
        this.factory = XmlFactories.outputFactory();
        this.indent = indent;
    }

    /** @return the document as UTF-8 bytes, ready for a SIP body of type {@value MetadataFormat#CONTENT_TYPE} */
    public byte[] write(RecordingMetadata metadata) throws MetadataException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        write(metadata, out);
        return out.toByteArray();
    }

    /** @return the document as a string */
    public String writeString(RecordingMetadata metadata) throws MetadataException {
        return new String(write(metadata), StandardCharsets.UTF_8);
    }

    /**
     * Writes the partial update from {@code previous} to {@code current}
     * ({@link RecordingMetadata#changesSince(RecordingMetadata)}).
     */
    public byte[] writeUpdate(RecordingMetadata previous, RecordingMetadata current) throws MetadataException {
        return write(current.changesSince(previous));
    }

    /** Writes the document to the stream (UTF-8), which is flushed, not closed. */
    public void write(RecordingMetadata metadata, OutputStream out) throws MetadataException {
        try {
            XMLStreamWriter w = factory.createXMLStreamWriter(out, "UTF-8");
            try {
                new Doc(w, indent).recording(metadata);
                w.flush();
            } finally {
                w.close();
            }
        } catch (XMLStreamException e) {
            throw new MetadataException("cannot write recording metadata: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MetadataException("cannot write recording metadata: " + e.getMessage(), e);
        }
    }

    /** One document being written. */
    private static final class Doc {
        private final XMLStreamWriter w;
        private final boolean indent;
        private int depth;

        Doc(XMLStreamWriter w, boolean indent) {
            this.w = w;
            this.indent = indent;
        }

        void recording(RecordingMetadata m) throws XMLStreamException {
            w.writeStartDocument("UTF-8", "1.0");
            w.setDefaultNamespace(NS);
            newline();
            w.writeStartElement(NS, "recording");
            w.writeDefaultNamespace(NS);
            depth++;
            leaf("datamode", m.dataMode().xmlValue());
            for (Group g : m.groups()) {
                open("group");
                attr("group_id", g.id().value());
                time("associate-time", g.associateTime());
                time("disassociate-time", g.disassociateTime());
                close();
            }
            for (Session s : m.sessions()) {
                session(s);
            }
            for (Participant p : m.participants()) {
                participant(p);
            }
            for (Stream s : m.streams()) {
                open("stream");
                attr("stream_id", s.id().value());
                if (s.sessionId() != null) {
                    attr("session_id", s.sessionId().value());
                }
                leaf("label", s.label());
                close();
            }
            for (SessionRecordingAssoc a : m.sessionRecordingAssocs()) {
                open("sessionrecordingassoc");
                attr("session_id", a.sessionId().value());
                time("associate-time", a.associateTime());
                time("disassociate-time", a.disassociateTime());
                close();
            }
            for (ParticipantSessionAssoc a : m.participantSessionAssocs()) {
                open("participantsessionassoc");
                attr("participant_id", a.participantId().value());
                attr("session_id", a.sessionId().value());
                time("associate-time", a.associateTime());
                time("disassociate-time", a.disassociateTime());
                close();
            }
            for (ParticipantStreamAssoc a : m.participantStreamAssocs()) {
                open("participantstreamassoc");
                attr("participant_id", a.participantId().value());
                ids("send", a.send());
                ids("recv", a.recv());
                time("associate-time", a.associateTime());
                time("disassociate-time", a.disassociateTime());
                close();
            }
            int prefixes = 0;
            for (Extension e : m.extensions()) {
                extension(e, "x" + prefixes++, true);
            }
            depth--;
            newline();
            w.writeEndElement();
            w.writeEndDocument();
        }

        private void session(Session s) throws XMLStreamException {
            open("session");
            attr("session_id", s.id().value());
            for (String id : s.sipSessionIds()) {
                leaf("sipSessionID", id);
            }
            for (Reason r : s.reasons()) {
                newline();
                w.writeStartElement(NS, "reason");
                if (r.protocol() != null) {
                    attr("protocol", r.protocol());
                }
                if (r.cause() != null) {
                    attr("cause", r.cause().toString());
                }
                if (r.text() != null) {
                    w.writeCharacters(XmlText.clean(r.text()));
                }
                w.writeEndElement();
            }
            if (s.groupRef() != null) {
                leaf("group-ref", s.groupRef().value());
            }
            time("start-time", s.startTime());
            time("stop-time", s.stopTime());
            close();
        }

        /** An element of another namespace, with a prefix of its own, its children in its namespace. */
        private void extension(Extension e, String prefix, boolean top) throws XMLStreamException {
            newline();
            w.writeStartElement(prefix, e.name(), e.namespace());
            if (top) {
                w.writeNamespace(prefix, e.namespace());
            }
            for (var a : e.attributes().entrySet()) {
                attr(a.getKey(), a.getValue());
            }
            depth++;
            if (e.text() != null) {
                w.writeCharacters(XmlText.clean(e.text()));
            }
            for (Extension c : e.children()) {
                if (!c.namespace().equals(e.namespace())) {
                    throw new IllegalArgumentException("extension <" + c.name() + "> in namespace " + c.namespace()
                            + " nested in <" + e.name() + "> of " + e.namespace());
                }
                extension(c, prefix, false);
            }
            depth--;
            if (!e.children().isEmpty()) {
                newline();
            }
            w.writeEndElement();
        }

        private void participant(Participant p) throws XMLStreamException {
            open("participant");
            attr("participant_id", p.id().value());
            for (NameId n : p.nameIds()) {
                open("nameID");
                if (n.aor() != null) {
                    attr("aor", n.aor());
                }
                if (n.name() != null) {
                    newline();
                    w.writeStartElement(NS, "name");
                    if (n.language() != null) {
                        w.writeAttribute(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "lang",
                                XmlText.clean(n.language()));
                    }
                    w.writeCharacters(XmlText.clean(n.name()));
                    w.writeEndElement();
                }
                close();
            }
            close();
        }

        private void attr(String name, String value) throws XMLStreamException {
            w.writeAttribute(name, XmlText.clean(value));
        }

        private void ids(String name, List<MetadataId> ids) throws XMLStreamException {
            for (MetadataId id : ids) {
                leaf(name, id.value());
            }
        }

        private void time(String name, Instant t) throws XMLStreamException {
            if (t != null) {
                leaf(name, Times.format(t));
            }
        }

        private void leaf(String name, String text) throws XMLStreamException {
            if (text == null) {
                return;
            }
            newline();
            w.writeStartElement(NS, name);
            w.writeCharacters(XmlText.clean(text));
            w.writeEndElement();
        }

        private void open(String name) throws XMLStreamException {
            newline();
            w.writeStartElement(NS, name);
            depth++;
        }

        private void close() throws XMLStreamException {
            depth--;
            newline();
            w.writeEndElement();
        }

        private void newline() throws XMLStreamException {
            if (indent) {
                w.writeCharacters("\n" + "  ".repeat(depth));
            }
        }
    }
}
