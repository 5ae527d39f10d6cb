package org.siprec.api.directory;

import java.util.Locale;

/** How a company's whitelist (and its users' whitelists) is applied by the whitelist policy. */
public enum WhitelistMode {
    /** A call with a listed number as the other party is never recorded (the default). */
    NEVER_RECORD_LISTED,
    /** Only calls with a listed number as the other party are recorded. */
    RECORD_ONLY_LISTED;

    /**
     * Parses {@code never-record-listed} / {@code never_record_listed} / {@code exclude} and
     * {@code record-only-listed} / {@code record_only_listed} / {@code only}, any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static WhitelistMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (v) {
            case "never_record_listed", "exclude" -> NEVER_RECORD_LISTED;
            case "record_only_listed", "only" -> RECORD_ONLY_LISTED;
            default -> throw new IllegalArgumentException("unknown whitelist mode '" + value
                    + "', expected never-record-listed or record-only-listed");
        };
    }

    /** The form used in files and commands: {@code never-record-listed}, {@code record-only-listed}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
