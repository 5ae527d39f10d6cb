package org.siprec.metadata.internal;

import java.io.InputStream;
import java.io.Reader;

import javax.xml.XMLConstants;

import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * Serves the schema for the XML namespace ({@code xml:lang}) from the bundle. Everything else is left to the
 * factory, which refuses it ({@code ACCESS_EXTERNAL_SCHEMA=""}).
 */
public final class LocalSchemaResolver implements LSResourceResolver {

    static final String XML_XSD = "/org/siprec/metadata/xml.xsd";

    @Override
    public LSInput resolveResource(String type, String namespaceUri, String publicId, String systemId,
            String baseUri) {
        if (!XMLConstants.XML_NS_URI.equals(namespaceUri)) {
            return null;
        }
        InputStream in = LocalSchemaResolver.class.getResourceAsStream(XML_XSD);
        return in == null ? null : new Input(in, publicId);
    }

    /** A schema served from the bundle; no system id, so no external access is involved. */
    private static final class Input implements LSInput {
        private InputStream in;
        private String publicId;

        Input(InputStream in, String publicId) {
            this.in = in;
            this.publicId = publicId;
        }

        @Override public Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(Reader r) { }
        @Override public InputStream getByteStream() { return in; }
        @Override public void setByteStream(InputStream s) { in = s; }
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String s) { }
        @Override public String getSystemId() { return null; }
        @Override public void setSystemId(String s) { }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String p) { publicId = p; }
        @Override public String getBaseURI() { return null; }
        @Override public void setBaseURI(String b) { }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String e) { }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean c) { }
    }
}
