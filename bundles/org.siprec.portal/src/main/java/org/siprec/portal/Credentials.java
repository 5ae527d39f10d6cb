package org.siprec.portal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The user name and password of an HTTP Basic {@code Authorization} header (RFC 7617, UTF-8). {@link #toString()}
 * never shows the password, so that logging a {@code Credentials} cannot leak it.
 */
record Credentials(String user, char[] password) {

    /** The credentials of the header, or empty when it is missing, not Basic, or not {@code user:password}. */
    static Optional<Credentials> ofBasic(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.trim();
        if (h.length() < 6 || !h.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray()));
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=***]";
    }
}
