package org.siprec.metadata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;

import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.siprec.metadata.internal.XmlBytes;
import org.siprec.metadata.internal.XmlFactories;
import org.siprec.metadata.internal.XmlTreeReader;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;

/**
 * Validates metadata documents against the bundled XSD ({@value MetadataFormat#SCHEMA_RESOURCE}, written from
 * RFC 7865's model). Secure: secure processing on, {@code ACCESS_EXTERNAL_DTD} and {@code ACCESS_EXTERNAL_SCHEMA}
 * empty (no external access; the schema's import of the XML namespace is served from the bundle), and a document
 * with a DOCTYPE is refused before validation, as by {@link MetadataReader}. Thread-safe; the schema is compiled
 * once per validator.
 * <p>
 * Extension elements of other namespaces are accepted where RFC 7865 allows them; the platform's own
 * ({@value MetadataFormat#DECISION_NAMESPACE}) are validated against their schema.
 * <p>
 * Validation is strict RFC 7865; {@link MetadataReader} accepts far more. Use it for what this platform writes and
 * for diagnosing what it receives, not as a gate on received metadata.
 */
public final class MetadataValidator {

    private static final String XML_SCHEMA_RESOURCE = "/org/siprec/metadata/xml.xsd";

    private final Schema schema;
    private final XmlTreeReader doctypeCheck;

    /** @throws MetadataException if the bundled schema cannot be loaded (a broken bundle) */
    public MetadataValidator() throws MetadataException {
        this.schema = loadSchema();
        this.doctypeCheck = new XmlTreeReader(XmlFactories.secureInputFactory());
    }

    /** @return the location of the bundled XSD, e.g. to publish it */
    public static URL schemaUrl() {
        return MetadataValidator.class.getResource(MetadataFormat.SCHEMA_RESOURCE);
    }

    /**
     * @param xml a metadata document
     * @throws MetadataException naming the first violation and its line if the document is not valid, or if it
     *         is malformed or hostile
     */
    public void validate(byte[] xml) throws MetadataException {
        if (xml == null || xml.length == 0) {
            throw new MetadataException("no recording metadata: empty body");
        }
        doctypeCheck.read(new StringReader(XmlBytes.decode(xml)));
        Validator v = schema.newValidator();
        try {
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            // not a JDK validator; the DOCTYPE check above already ran
        }
        try {
            v.validate(new StreamSource(new ByteArrayInputStream(xml)));
        } catch (SAXParseException e) {
            throw new MetadataException("invalid recording metadata at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new MetadataException("invalid recording metadata: " + e.getMessage(), e);
        }
    }

    /** Reads the stream fully and validates it. */
    public void validate(InputStream in) throws MetadataException {
        try {
            validate(in.readAllBytes());
        } catch (IOException e) {
            throw new MetadataException("cannot read recording metadata: " + e.getMessage(), e);
        }
    }

    private static Schema loadSchema() throws MetadataException {
        URL url = schemaUrl();
        if (url == null) {
            throw new MetadataException("schema " + MetadataFormat.SCHEMA_RESOURCE + " missing from the bundle");
        }
        SchemaFactory f = XmlFactories.schemaFactory();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new MetadataException("the XML schema factory cannot be made secure: " + e.getMessage(), e);
        }
        // the XML namespace schema (xml:lang) is loaded first, from the bundle, so the import finds it loaded
        URL xml = MetadataValidator.class.getResource(XML_SCHEMA_RESOURCE);
        if (xml == null) {
            throw new MetadataException("schema " + XML_SCHEMA_RESOURCE + " missing from the bundle");
        }
        URL decision = MetadataValidator.class.getResource(MetadataFormat.DECISION_SCHEMA_RESOURCE);
        if (decision == null) {
            throw new MetadataException("schema " + MetadataFormat.DECISION_SCHEMA_RESOURCE + " missing from the bundle");
        }
        // the platform's decision extension is validated strictly; other extensions are accepted as RFC 7865 says (lax)
        try (InputStream x = xml.openStream(); InputStream d = decision.openStream(); InputStream in = url.openStream()) {
            return f.newSchema(new Source[] {new StreamSource(x), new StreamSource(d), new StreamSource(in)});
        } catch (SAXException | IOException e) {
            throw new MetadataException("cannot load schema " + MetadataFormat.SCHEMA_RESOURCE + ": "
                    + e.getMessage(), e);
        }
    }
}
