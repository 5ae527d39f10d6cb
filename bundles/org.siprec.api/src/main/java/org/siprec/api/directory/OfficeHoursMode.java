package org.siprec.api.directory;

import java.util.Locale;

/** What a company asks of the office-hours policy. */
public enum OfficeHoursMode {
    /** Record only calls inside the company's office hours (not on holidays). */
    RECORD_INSIDE,
    /** Record only calls outside the company's office hours (holidays count as outside). */
    RECORD_OUTSIDE;

    /**
     * Parses {@code inside} / {@code record-inside} and {@code outside} / {@code record-outside}, any case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static OfficeHoursMode parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (v) {
            case "inside", "record_inside" -> RECORD_INSIDE;
            case "outside", "record_outside" -> RECORD_OUTSIDE;
            default -> throw new IllegalArgumentException(
                    "unknown office hours mode '" + value + "', expected inside or outside");
        };
    }

    /** The form used in files and commands: {@code inside}, {@code outside}. */
    public String token() {
        return this == RECORD_INSIDE ? "inside" : "outside";
    }
}
