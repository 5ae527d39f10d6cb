package org.siprec.api.directory;

import java.util.Locale;

/** Whose whitelist an entry belongs to. */
public enum WhitelistScope {
    /** The operator-wide whitelist: applies to everybody. */
    OPERATOR,
    /** A company's whitelist: applies to every user of the company. */
    COMPANY,
    /** A user's personal whitelist. */
    USER;

    /**
     * Parses {@code operator}, {@code company}, {@code user}, any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static WhitelistScope parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "operator" -> OPERATOR;
            case "company" -> COMPANY;
            case "user" -> USER;
            default -> throw new IllegalArgumentException(
                    "unknown whitelist scope '" + value + "', expected operator, company or user");
        };
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
