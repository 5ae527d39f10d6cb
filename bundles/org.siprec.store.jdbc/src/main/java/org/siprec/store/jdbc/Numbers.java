package org.siprec.store.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The telephone number of a party's address, kept in its own column so that a search by number needs no parsing of
 * URIs: the number of a {@code tel:} URI, or the user part of a {@code sip:}/{@code sips:} URI when it is a number
 * (digits, an optional leading {@code +}, visual separators dropped). {@code null} when there is none.
 */
final class Numbers {
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{2,32}");

    private Numbers() {
    }

    static String of(String aor) {
        if (aor == null) {
            return null;
        }
        String a = aor.trim();
        int lt = a.indexOf('<');
        if (lt >= 0) {
            int gt = a.indexOf('>', lt);
            a = gt > lt ? a.substring(lt + 1, gt) : a.substring(lt + 1);
        }
        String lower = a.toLowerCase(Locale.ROOT);
        String user;
        if (lower.startsWith("tel:")) {
            user = a.substring(4);
        } else if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            int at = a.indexOf('@');
            if (at < 0) {
                return null;
            }
            user = a.substring(a.indexOf(':') + 1, at);
        } else {
            return null;
        }
        int semi = user.indexOf(';');
        if (semi >= 0) {
            user = user.substring(0, semi);
        }
        String number = user.replaceAll("[-.() ]", "");
        return NUMBER.matcher(number).matches() ? number : null;
    }

    /** A number as such ({@code +49 30 111}, {@code +49-30-111}), as {@link #of} keeps it, or {@code null}. */
    static String plain(String value) {
        if (value == null) {
            return null;
        }
        String number = value.trim().replaceAll("[-.() ]", "");
        return NUMBER.matcher(number).matches() ? number : null;
    }
}
