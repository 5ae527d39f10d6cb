package org.siprec.metadata.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/** {@code xs:dateTime} in and out. */
public final class Times {

    /** Lenient input: ISO local date-time, optional offset ({@code Z}, {@code +01:00}, {@code +0100}, {@code z}). */
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private Times() {
    }

    /**
     * @return the instant as {@code xs:dateTime} in UTC with a {@code Z}, e.g. {@code 2010-12-16T23:41:07Z}
     *         (fractions of a second only when present)
     */
    public static String format(Instant instant) {
        long year = instant.atOffset(ZoneOffset.UTC).getYear();
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("time out of the xs:dateTime range written here: " + instant);
        }
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /**
     * Reads an {@code xs:dateTime}. A time without a zone is taken as UTC; a space instead of the {@code T} is
     * accepted.
     *
     * @return the instant, or {@code null} if the text is not a date-time
     */
    public static Instant parse(String text) {
        String s = text.strip();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        try {
            TemporalAccessor t = LENIENT.parse(s);
            if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(t).toInstant();
            }
            return LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
