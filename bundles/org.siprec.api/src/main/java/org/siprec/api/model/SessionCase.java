package org.siprec.api.model;

/**
 * Which served user the platform acts for on this call (3GPP TS 24.229 {@code sescase}).
 */
public enum SessionCase {
    /** The served user is the caller. */
    ORIGINATING("orig"),
    /** The served user is the callee. */
    TERMINATING("term");

    private final String token;

    SessionCase(String token) {
        this.token = token;
    }

    /** The token used in the {@code P-Served-User} header's {@code sescase} parameter. */
    public String token() {
        return token;
    }

    /**
     * Parses a {@code sescase} token or a configuration value ({@code orig}, {@code term},
     * {@code originating}, {@code terminating}, any case).
     *
     * @throws IllegalArgumentException naming the accepted values when the token is unknown
     */
    public static SessionCase parse(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            for (SessionCase c : values()) {
                if (c.token.equals(v) || c.name().toLowerCase(java.util.Locale.ROOT).equals(v)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown session case '" + value + "', expected orig or term");
    }
}
