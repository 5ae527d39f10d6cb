package org.siprec.metadata.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed element, addressed by its normalized local name ({@link #key(String)}) whatever its namespace, so that
 * the RFC, the drafts and vendor variants ({@code dataMode}, {@code participant_id}/{@code id}) read alike.
 */
public final class XmlNode {
    final String namespace;
    final String localName;
    final String key;
    final int line;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<XmlNode> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    XmlNode(String namespace, String localName, int line) {
        this.namespace = namespace == null ? "" : namespace;
        this.localName = localName;
        this.key = key(localName);
        this.line = line;
    }

    /** Lower case, without {@code -}, {@code _} and {@code .}: {@code associate-time} and {@code associateTime} match. */
    public static String key(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '-' && c != '_' && c != '.') {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    void attribute(String namespaceUri, String local, String value) {
        String k = key(local);
        boolean unqualified = namespaceUri == null || namespaceUri.isEmpty();
        if (unqualified || !attributes.containsKey(k)) {
            attributes.put(k, value);
        }
    }

    /** @return the value of the first attribute present among the (normalized) names, or {@code null} */
    String attr(String... keys) {
        for (String k : keys) {
            String v = attributes.get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** @return the stripped text content */
    String text() {
        return text.toString().strip();
    }

    XmlNode child(String k) {
        for (XmlNode c : children) {
            if (c.key.equals(k)) {
                return c;
            }
        }
        return null;
    }

    List<XmlNode> children(String k) {
        List<XmlNode> result = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.key.equals(k)) {
                result.add(c);
            }
        }
        return result;
    }
}
