package org.siprec.metadata.internal;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.validation.SchemaFactory;

/**
 * Creates the XML factories, configured safely. The JDK implementations are preferred ({@code newDefault...}),
 * so the behaviour does not depend on what else is installed; if the {@code javax.xml} API seen at run time
 * lacks those methods, the located implementation is configured the same way.
 */
public final class XmlFactories {

    private XmlFactories() {
    }

    /**
     * A StAX input factory that refuses DTDs and external entities: {@code SUPPORT_DTD=false},
     * {@code IS_SUPPORTING_EXTERNAL_ENTITIES=false}, no entity replacement, {@code ACCESS_EXTERNAL_DTD=""},
     * and a resolver that refuses every external resource. The reader additionally rejects any DOCTYPE event.
     */
    public static XMLInputFactory secureInputFactory() {
        XMLInputFactory f;
        try {
            f = XMLInputFactory.newDefaultFactory();
        } catch (LinkageError e) {
            f = XMLInputFactory.newFactory();
        }
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        try {
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException notSupported) {
            // not a JDK implementation: SUPPORT_DTD=false and the resolver below still apply
        }
        // problems surface as exceptions; nothing is printed to the console
        f.setXMLReporter((message, type, info, location) -> { });
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        return f;
    }

    public static XMLOutputFactory outputFactory() {
        try {
            return XMLOutputFactory.newDefaultFactory();
        } catch (LinkageError e) {
            return XMLOutputFactory.newFactory();
        }
    }

    public static SchemaFactory schemaFactory() {
        try {
            return SchemaFactory.newDefaultInstance();
        } catch (LinkageError e) {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        }
    }
}
