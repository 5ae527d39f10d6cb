package org.siprec.directory.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An address read from any of the forms a call or an operator gives (docs/directory.md, "Normalisation"): a
 * telephone number in E.164, an extension of a company, or a SIP AOR that is not a number.
 */
sealed interface Address {

    /** The canonical text: {@code +33140001234}, {@code 1234}, {@code sip:alice@example.com}. */
    String value();

    /** An E.164 number, {@code +} and 6 to 15 digits. */
    record Number(String value) implements Address {
    }

    /** A short number (2 to 6 digits, no leading 0) of a company's own numbering plan. */
    record Extension(String value) implements Address {
    }

    /** A SIP address of record that is not a telephone number: {@code sip:user@host}, host in lower case. */
    record Aor(String value) implements Address {
    }

    /** Visual separators of RFC 3966 and common writing: removed from numbers. */
    Pattern SEPARATORS = Pattern.compile("[\\s\\-.()/\\u00a0]");
    Pattern DIGITS = Pattern.compile("[0-9]+");
    Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,14}");

    /**
     * Reads {@code text}.
     *
     * @param countryCode the country code national forms are read with (a company's), or {@code null}: then national
     *                    forms and extensions are refused
     * @throws IllegalArgumentException saying why the text is not an address, naming the accepted forms
     */
    static Address parse(String text, String countryCode) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address");
        }
        String t = text.trim();
        int lt = t.indexOf('<');
        if (lt >= 0) {
            int gt = t.indexOf('>', lt);
            if (gt < 0) {
                throw new IllegalArgumentException("'" + text + "': '<' without '>'");
            }
            t = t.substring(lt + 1, gt).trim();
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tel:")) {
            String number = t.substring(4);
            int semi = number.indexOf(';');
            return number(semi >= 0 ? number.substring(0, semi) : number, countryCode, text);
        }
        boolean sip = lower.startsWith("sip:");
        boolean sips = lower.startsWith("sips:");
        if (!sip && !sips) {
            if (t.indexOf('@') >= 0) {
                return sipUri(t, text, countryCode);
            }
            return number(t, countryCode, text);
        }
        return sipUri(t.substring(sip ? 4 : 5), text, countryCode);
    }

    private static Address sipUri(String rest, String original, String countryCode) {
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("'" + original + "': a SIP address needs a user part (user@host)");
        }
        String user = rest.substring(0, at);
        String hostAndParams = rest.substring(at + 1);
        int colon = user.indexOf(':');
        if (colon >= 0) {
            user = user.substring(0, colon); // a password: not part of the address
        }
        String[] params = hostAndParams.split(";");
        String host = params[0].trim().toLowerCase(Locale.ROOT);
        boolean userPhone = false;
        for (int i = 1; i < params.length; i++) {
            if (params[i].trim().equalsIgnoreCase("user=phone")) {
                userPhone = true;
            }
        }
        int port = host.lastIndexOf(':');
        if (port > 0 && host.indexOf(']') < port) {
            host = host.substring(0, port);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + original + "': a SIP address needs a host (user@host)");
        }
        String userNumber = user;
        int semi = userNumber.indexOf(';');
        if (semi >= 0) {
            userNumber = userNumber.substring(0, semi); // tel parameters in the user part (user=phone)
        }
        String stripped = SEPARATORS.matcher(userNumber).replaceAll("");
        if (userPhone || (!stripped.isEmpty() && (stripped.startsWith("+") ? DIGITS.matcher(stripped.substring(1))
                .matches() : DIGITS.matcher(stripped).matches()))) {
            return number(userNumber, countryCode, original);
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException("'" + original + "': empty user part");
        }
        return new Aor("sip:" + user + "@" + host);
    }

    private static Address number(String raw, String countryCode, String original) {
        String n = SEPARATORS.matcher(raw).replaceAll("");
        if (n.startsWith("+")) {
            return e164(n, original);
        }
        if (!DIGITS.matcher(n).matches()) {
            throw new IllegalArgumentException("'" + original + "' is not a telephone number (digits, optionally"
                    + " +, with spaces, dashes, dots or brackets) nor a SIP address (sip:user@host)");
        }
        boolean nanp = "1".equals(countryCode);
        if (nanp && n.startsWith("011")) {
            return e164("+" + n.substring(3), original);
        }
        if (!nanp && n.startsWith("00")) {
            return e164("+" + n.substring(2), original);
        }
        if (countryCode == null) {
            if (n.startsWith("00")) {
                return e164("+" + n.substring(2), original);
            }
            if (n.startsWith("0")) {
                throw new IllegalArgumentException("'" + original + "' is a national number (trunk prefix 0):"
                        + " it can only be read for a company (its country code); write it in E.164, e.g. +33...");
            }
            if (n.length() >= 8) {
                return e164("+" + n, original);
            }
            throw new IllegalArgumentException("'" + original + "' is too short for an E.164 number (" + n.length()
                    + " digits) and extensions can only be read for a company");
        }
        if (nanp) {
            if (n.length() == 10 && n.charAt(0) >= '2') {
                return e164("+1" + n, original);
            }
            if (n.length() == 11 && n.startsWith("1")) {
                return e164("+" + n, original);
            }
        } else if (n.startsWith("0")) {
            return e164("+" + countryCode + n.substring(1), original);
        }
        if (n.length() >= 2 && n.length() <= 6 && n.charAt(0) != '0') {
            return new Extension(n);
        }
        if (n.length() >= 8 && n.charAt(0) != '0') {
            return e164("+" + n, original);
        }
        throw new IllegalArgumentException("'" + original + "': " + n.length() + " digits are neither an extension"
                + " (2 to 6 digits) nor a full number (E.164 with or without +, 00 or "
                + (nanp ? "011" : "00") + " international prefix, or national with trunk prefix "
                + (nanp ? "1" : "0") + ")");
    }

    private static Number e164(String n, String original) {
        if (!E164.matcher(n).matches()) {
            throw new IllegalArgumentException("'" + original + "' read as " + n
                    + " is not an E.164 number (+, a country code not starting with 0, 6 to 15 digits in all)");
        }
        return new Number(n);
    }
}
