package org.siprec.metadata.internal;

import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.siprec.metadata.MetadataException;

/** Parses a document into {@link XmlNode}s with a secure StAX reader, refusing DOCTYPEs and entity references. */
public final class XmlTreeReader {

    /** Deeper than any metadata document; guards the tree against pathological nesting. */
    static final int MAX_DEPTH = 64;
    /** Far above a conference with hundreds of participants; guards memory. */
    static final int MAX_ELEMENTS = 200_000;

    private final XMLInputFactory factory;

    public XmlTreeReader(XMLInputFactory factory) {
        this.factory = factory;
    }

    public XmlNode read(Reader in) throws MetadataException {
        return parse(() -> factory.createXMLStreamReader(in));
    }

    private interface Opener {
        XMLStreamReader open() throws XMLStreamException;
    }

    private XmlNode parse(Opener opener) throws MetadataException {
        XMLStreamReader r = null;
        try {
            r = opener.open();
            return read(r);
        } catch (XMLStreamException e) {
            throw new MetadataException("malformed recording metadata: " + describe(e), e);
        } catch (RuntimeException e) {
            // some StAX implementations report syntax errors as unchecked exceptions
            throw new MetadataException("malformed recording metadata: " + e, e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException | RuntimeException ignored) {
                    // nothing to release beyond the parser
                }
            }
        }
    }

    private static XmlNode read(XMLStreamReader r) throws XMLStreamException, MetadataException {
        Deque<XmlNode> stack = new ArrayDeque<>();
        XmlNode root = null;
        int elements = 0;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD:
                    throw new MetadataException("refused: recording metadata must not contain a DOCTYPE declaration"
                            + " (DTDs and entities are not accepted)" + at(r.getLocation()));
                case XMLStreamConstants.ENTITY_REFERENCE:
                    throw new MetadataException("refused: entity reference &" + r.getLocalName()
                            + "; in recording metadata (entities are not accepted)" + at(r.getLocation()));
                case XMLStreamConstants.START_ELEMENT: {
                    if (root != null && stack.isEmpty()) {
                        throw new MetadataException("malformed recording metadata: more than one root element");
                    }
                    if (stack.size() >= MAX_DEPTH) {
                        throw new MetadataException("refused: elements nested deeper than " + MAX_DEPTH
                                + at(r.getLocation()));
                    }
                    if (++elements > MAX_ELEMENTS) {
                        throw new MetadataException("refused: more than " + MAX_ELEMENTS + " elements");
                    }
                    Location loc = r.getLocation();
                    XmlNode node = new XmlNode(r.getNamespaceURI(), r.getLocalName(),
                            loc == null ? -1 : loc.getLineNumber());
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        node.attribute(r.getAttributeNamespace(i), r.getAttributeLocalName(i),
                                r.getAttributeValue(i));
                    }
                    if (stack.isEmpty()) {
                        root = node;
                    } else {
                        stack.peek().children.add(node);
                    }
                    stack.push(node);
                    break;
                }
                case XMLStreamConstants.END_ELEMENT:
                    stack.pop();
                    break;
                case XMLStreamConstants.CHARACTERS:
                case XMLStreamConstants.CDATA:
                case XMLStreamConstants.SPACE:
                    if (!stack.isEmpty()) {
                        stack.peek().text.append(r.getText());
                    }
                    break;
                default:
                    // comments, processing instructions, document start/end
                    break;
            }
        }
        if (root == null) {
            throw new MetadataException("malformed recording metadata: no root element");
        }
        return root;
    }

    private static String describe(XMLStreamException e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m.replaceAll("\\s+", " ").strip();
    }

    private static String at(Location loc) {
        return loc == null || loc.getLineNumber() < 0 ? "" : " at line " + loc.getLineNumber();
    }
}
