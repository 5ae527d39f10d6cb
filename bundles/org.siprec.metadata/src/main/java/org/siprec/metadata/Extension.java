package org.siprec.metadata;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An extension element of a namespace other than RFC 7865's, carried at the {@code <recording>} level where the
 * RFC schema allows {@code ##other} elements (e.g. the platform's recording decision). A small tree: attributes
 * (unqualified), text, child elements of the same namespace. Immutable.
 *
 * @param namespace  the element's namespace URI; never the RFC 7865 namespace
 * @param name       the element's local name
 * @param attributes unqualified attributes, in writing order
 * @param text       the text content, or {@code null}
 * @param children   child elements, written in the parent's namespace
 */
public record Extension(String namespace, String name, Map<String, String> attributes, String text,
        List<Extension> children) {

    public Extension {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (namespace.isEmpty() || namespace.equals(MetadataFormat.NAMESPACE)
                || namespace.equals(MetadataFormat.LEGACY_NAMESPACE)) {
            throw new IllegalArgumentException("an extension needs a namespace of its own, not '" + namespace + "'");
        }
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** An empty element. */
    public static Extension of(String namespace, String name) {
        return new Extension(namespace, name, Map.of(), null, List.of());
    }

    /** @return this element with the attribute added (or replaced); a {@code null} value leaves it out */
    public Extension withAttribute(String attribute, String value) {
        if (value == null) {
            return this;
        }
        Map<String, String> a = new LinkedHashMap<>(attributes);
        a.put(attribute, value);
        return new Extension(namespace, name, a, text, children);
    }

    public Extension withText(String value) {
        return new Extension(namespace, name, attributes, value, children);
    }

    /** @return this element with a child appended; the child is written in this element's namespace */
    public Extension withChild(Extension child) {
        List<Extension> c = new ArrayList<>(children);
        c.add(Objects.requireNonNull(child, "child"));
        return new Extension(namespace, name, attributes, text, c);
    }

    /** @return the value of the attribute, or {@code null} */
    public String attribute(String attribute) {
        return attributes.get(attribute);
    }

    /** @return the children with the given local name, in document order */
    public List<Extension> children(String localName) {
        return children.stream().filter(c -> c.name.equals(localName)).toList();
    }
}
