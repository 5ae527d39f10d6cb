package org.siprec.directory.jdbc;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siprec.api.directory.NumberRange;
import org.siprec.api.directory.OfficeHours;

/**
 * The text forms of the directory's fields, shared by the shell commands and the CSV/JSON formats
 * (docs/directory.md). Each parser throws {@link IllegalArgumentException} saying what is wrong and what is expected.
 */
final class Fields {
    private static final Pattern INTERVAL = Pattern.compile("([0-9]{1,2}):([0-9]{2})-([0-9]{1,2}):([0-9]{2})");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private Fields() {
    }

    /** A region time zone such as {@code Europe/Paris} (or a fixed offset such as {@code +01:00}, {@code UTC}). */
    static ZoneId zone(String text) {
        String t = text == null ? "" : text.trim();
        try {
            return ZoneId.of(t);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + t + "' (a region such as Europe/Paris,"
                    + " America/New_York)");
        }
    }

    static LocalDate date(String text) {
        String t = text == null ? "" : text.trim();
        try {
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + t + "' is not a date (YYYY-MM-DD, e.g. 2026-12-25)");
        }
    }

    /** {@code true}/{@code false}/{@code yes}/{@code no}; empty: absent (the policy's default). */
    static Optional<Boolean> optionalBoolean(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "" , "default" -> Optional.empty();
            case "true", "yes", "record" -> Optional.of(true);
            case "false", "no", "skip" -> Optional.of(false);
            default -> throw new IllegalArgumentException("'" + text + "': expected true, false or empty (the"
                    + " policy's default)");
        };
    }

    static Optional<String> optional(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    /**
     * Weekly hours: entries separated by {@code ;}, each days then intervals, e.g.
     * {@code mon-fri 08:30-12:00,14:00-18:00; sat 09:00-12:00}. Days: {@code mon}...{@code sun}, ranges
     * {@code mon-fri}, lists {@code sat,sun}. Intervals {@code HH:MM-HH:MM}, end exclusive, {@code 24:00} the end of
     * the day. Empty: no office hours.
     */
    static OfficeHours hours(String text) {
        Map<DayOfWeek, List<OfficeHours.Interval>> week = new EnumMap<>(DayOfWeek.class);
        if (text == null || text.isBlank()) {
            return OfficeHours.NONE;
        }
        for (String entry : text.split(";")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            String[] parts = e.split("\\s+", 2);
            if (parts.length < 2) {
                throw new IllegalArgumentException("office hours '" + e + "': expected days then intervals, e.g."
                        + " mon-fri 09:00-12:00,14:00-18:00");
            }
            List<DayOfWeek> days = days(parts[0]);
            for (String interval : parts[1].split("[,\\s]+")) {
                if (interval.isEmpty()) {
                    continue;
                }
                OfficeHours.Interval i = interval(interval);
                for (DayOfWeek d : days) {
                    week.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
                }
            }
        }
        return new OfficeHours(week);
    }

    /** The text form {@link #hours(String)} reads, consecutive days with the same intervals written as a range. */
    static String hoursText(OfficeHours hours) {
        StringBuilder b = new StringBuilder();
        DayOfWeek[] all = DayOfWeek.values();
        int i = 0;
        while (i < all.length) {
            List<OfficeHours.Interval> intervals = hours.on(all[i]);
            if (intervals.isEmpty()) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < all.length && hours.on(all[j + 1]).equals(intervals)) {
                j++;
            }
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(DAYS.get(i)).append(j > i ? "-" + DAYS.get(j) : "").append(' ');
            for (int k = 0; k < intervals.size(); k++) {
                b.append(k > 0 ? "," : "").append(intervals.get(k));
            }
            i = j + 1;
        }
        return b.toString();
    }

    static OfficeHours.Interval interval(String text) {
        Matcher m = INTERVAL.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("office hours interval '" + text + "': expected HH:MM-HH:MM, e.g."
                    + " 09:00-12:30");
        }
        LocalTime from = time(m.group(1), m.group(2), text, false);
        LocalTime to = time(m.group(3), m.group(4), text, true);
        return new OfficeHours.Interval(from, to);
    }

    private static LocalTime time(String h, String m, String text, boolean end) {
        int hour = Integer.parseInt(h);
        int minute = Integer.parseInt(m);
        if (end && hour == 24 && minute == 0) {
            return LocalTime.MIDNIGHT;
        }
        if (hour > 23 || minute > 59) {
            throw new IllegalArgumentException("office hours interval '" + text + "': no such time " + h + ":" + m);
        }
        return LocalTime.of(hour, minute);
    }

    private static List<DayOfWeek> days(String text) {
        List<DayOfWeek> days = new ArrayList<>();
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            String[] range = part.split("-");
            if (range.length > 2) {
                throw new IllegalArgumentException("office hours days '" + text + "'");
            }
            int from = day(range[0], text);
            int to = range.length == 2 ? day(range[1], text) : from;
            if (to < from) {
                throw new IllegalArgumentException("office hours days '" + part + "': inverted range (mon-fri, not"
                        + " fri-mon)");
            }
            for (int d = from; d <= to; d++) {
                days.add(DayOfWeek.of(d + 1));
            }
        }
        return days;
    }

    private static int day(String text, String all) {
        String t = text.trim();
        int i = DAYS.indexOf(t.length() > 3 ? t.substring(0, 3) : t);
        if (i < 0) {
            throw new IllegalArgumentException("office hours days '" + all + "': unknown day '" + text
                    + "' (mon, tue, wed, thu, fri, sat, sun)");
        }
        return i;
    }

    /**
     * A range of numbers: {@code from..to} or {@code prefix*}; each bound in E.164 ({@code +33140001000}), with the
     * international prefix 00, in national form (trunk prefix 0, read with {@code countryCode}) or as extension
     * digits ({@code 1000..1999}). Visual separators are ignored.
     */
    static NumberRange range(String text, String countryCode) {
        String t = text == null ? "" : text.trim();
        int dots = t.indexOf("..");
        try {
            if (dots >= 0) {
                return new NumberRange(bound(t.substring(0, dots), countryCode), bound(t.substring(dots + 2),
                        countryCode));
            }
            String prefix = bound(t.endsWith("*") ? t.substring(0, t.length() - 1) : t, countryCode);
            return NumberRange.prefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("number range '" + t + "': " + e.getMessage()
                    + " (expected from..to or prefix*, e.g. +33140001000..+33140001999, 1000..1999, +3314000*)");
        }
    }

    private static String bound(String text, String cc) {
        String b = Address.SEPARATORS.matcher(text).replaceAll("");
        if (b.startsWith("+")) {
            return b;
        }
        boolean nanp = "1".equals(cc);
        if (!nanp && b.startsWith("00")) {
            return "+" + b.substring(2);
        }
        if (nanp && b.startsWith("011")) {
            return "+" + b.substring(3);
        }
        if (!nanp && b.startsWith("0") && cc != null) {
            return "+" + cc + b.substring(1);
        }
        return b;
    }

    /** A {@code |}-separated list, each element trimmed, empty ones dropped. */
    static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        if (text != null) {
            for (String s : text.split("\\|")) {
                if (!s.isBlank()) {
                    items.add(s.trim());
                }
            }
        }
        return items;
    }
}
