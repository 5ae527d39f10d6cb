package org.siprec.metadata;

/**
 * A {@code <nameID>} of a participant (RFC 7865 section 6.5): an address of record and, optionally, a display
 * name in a language.
 *
 * @param aor the {@code aor} attribute (a SIP or tel URI); {@code null} only when read from a document without one
 * @param name the {@code <name>}, or {@code null}
 * @param language the {@code xml:lang} of the name, or {@code null}
 */
public record NameId(String aor, String name, String language) {

    public static NameId of(String aor) {
        return new NameId(aor, null, null);
    }

    public static NameId of(String aor, String name) {
        return new NameId(aor, name, null);
    }
}
