package org.siprec.api.directory;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A company's weekly office hours, in the company's local time: for each day of the week, zero or more intervals
 * in order, not overlapping. A day with no interval is closed. Holidays are the company's, not part of this.
 *
 * @param week the intervals of each day that has any (days absent are closed)
 */
public record OfficeHours(Map<DayOfWeek, List<Interval>> week) {

    /** No office hours at all (closed every day). */
    public static final OfficeHours NONE = new OfficeHours(Map.of());

    /**
     * One opening interval of a day, {@code from} inclusive, {@code to} exclusive; {@code to} = 00:00 means the end of
     * the day (24:00). Intervals do not span midnight: a night shift is two intervals on two days.
     */
    public record Interval(LocalTime from, LocalTime to) {
        public Interval {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.equals(LocalTime.MIDNIGHT) && !from.isBefore(to)) {
                throw new IllegalArgumentException("office hours interval " + from + "-" + to
                        + ": inverted or empty (from must be before to; 24:00 is written 00:00 or 24:00)");
            }
        }

        /** Whether the local time {@code t} is in this interval. */
        public boolean contains(LocalTime t) {
            return !t.isBefore(from) && (to.equals(LocalTime.MIDNIGHT) || t.isBefore(to));
        }

        /** The interval as {@code HH:mm-HH:mm} (end of day as {@code 24:00}). */
        @Override
        public String toString() {
            return from + "-" + (to.equals(LocalTime.MIDNIGHT) ? "24:00" : to.toString());
        }

        private long endSecond() {
            return to.equals(LocalTime.MIDNIGHT) ? 86_400 : to.toSecondOfDay();
        }
    }

    /**
     * @throws IllegalArgumentException when two intervals of a day overlap (naming the day and both intervals)
     */
    public OfficeHours {
        Objects.requireNonNull(week, "week");
        EnumMap<DayOfWeek, List<Interval>> copy = new EnumMap<>(DayOfWeek.class);
        week.forEach((day, intervals) -> {
            List<Interval> sorted = new ArrayList<>(Objects.requireNonNull(intervals, "intervals of " + day));
            sorted.sort((a, b) -> a.from().compareTo(b.from()));
            for (int i = 1; i < sorted.size(); i++) {
                Interval previous = sorted.get(i - 1);
                if (previous.endSecond() > sorted.get(i).from().toSecondOfDay()) {
                    throw new IllegalArgumentException("office hours " + day + ": intervals " + previous + " and "
                            + sorted.get(i) + " overlap");
                }
            }
            if (!sorted.isEmpty()) {
                copy.put(Objects.requireNonNull(day, "day"), List.copyOf(sorted));
            }
        });
        week = Collections.unmodifiableMap(copy);
    }

    /** The intervals of {@code day}, in order; empty when closed. */
    public List<Interval> on(DayOfWeek day) {
        return week.getOrDefault(day, List.of());
    }

    /** Whether the office is open on {@code day} at local time {@code time}. */
    public boolean open(DayOfWeek day, LocalTime time) {
        for (Interval i : on(day)) {
            if (i.contains(time)) {
                return true;
            }
        }
        return false;
    }
}
