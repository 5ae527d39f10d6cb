package org.siprec.api.compliance;

import java.util.Locale;

/**
 * Who hears an announcement: the caller (side A of the call), the callee (side B), or both.
 *
 * @since 1.1
 */
public enum Audience {
    CALLER, CALLEE, BOTH;

    public boolean caller() {
        return this != CALLEE;
    }

    public boolean callee() {
        return this != CALLER;
    }

    /**
     * Parses {@code caller}, {@code callee} or {@code both} (any case).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Audience parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (Audience a : values()) {
            if (a.name().equals(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of caller, callee, both");
    }
}
