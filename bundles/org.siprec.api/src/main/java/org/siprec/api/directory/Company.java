package org.siprec.api.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A company (tenant) of the operator, with the settings the recording policies read. Immutable.
 *
 * @param id              the company's identifier, {@code [A-Za-z0-9][A-Za-z0-9._-]*}
 * @param name            a display name (may be empty)
 * @param zone            the time zone of its office hours and holidays
 * @param countryCode     the E.164 country code its national number forms are read with, e.g. {@code 33}, {@code 49},
 *                        {@code 1}
 * @param officeHours     weekly office hours in {@code zone}
 * @param holidays        dates (in {@code zone}) on which the office is closed all day
 * @param internalRanges  the company's own numbers and extensions: a call between two of them is internal
 * @param whitelist       E.164 numbers ({@code +…}) the whitelist policy applies to every user of the company
 * @param whitelistMode   how the company's and its users' whitelists are applied
 * @param recordInternal  whether internal calls (both parties of this company) are recorded; empty: the internal
 *                        policy's configured default
 * @param officeHoursMode record only inside or only outside office hours; empty: the office-hours policy's
 *                        configured default
 * @param language        the language of announcements for its users (e.g. {@code fr}), when set
 * @param featureCodes    the DTMF feature codes of its users (since 1.2), over the platform's defaults
 */
public record Company(String id, String name, ZoneId zone, String countryCode, OfficeHours officeHours,
        Set<LocalDate> holidays, List<NumberRange> internalRanges, Set<String> whitelist, WhitelistMode whitelistMode,
        Optional<Boolean> recordInternal, Optional<OfficeHoursMode> officeHoursMode, Optional<String> language,
        FeatureCodes featureCodes) {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern COUNTRY_CODE = Pattern.compile("[1-9][0-9]{0,2}");

    public Company {
        requireId(id, "company id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(countryCode, "countryCode");
        if (!COUNTRY_CODE.matcher(countryCode).matches()) {
            throw new IllegalArgumentException("country code '" + countryCode + "': 1 to 3 digits, e.g. 33");
        }
        Objects.requireNonNull(officeHours, "officeHours");
        holidays = Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(holidays, "holidays")));
        internalRanges = List.copyOf(internalRanges);
        whitelist = Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(whitelist, "whitelist")));
        Objects.requireNonNull(whitelistMode, "whitelistMode");
        Objects.requireNonNull(recordInternal, "recordInternal");
        Objects.requireNonNull(officeHoursMode, "officeHoursMode");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(featureCodes, "featureCodes");
    }

    /** A company with no feature codes of its own (the 1.1 constructor). */
    public Company(String id, String name, ZoneId zone, String countryCode, OfficeHours officeHours,
            Set<LocalDate> holidays, List<NumberRange> internalRanges, Set<String> whitelist, WhitelistMode whitelistMode,
            Optional<Boolean> recordInternal, Optional<OfficeHoursMode> officeHoursMode, Optional<String> language) {
        this(id, name, zone, countryCode, officeHours, holidays, internalRanges, whitelist, whitelistMode,
                recordInternal, officeHoursMode, language, FeatureCodes.INHERIT);
    }

    /** A company with no office hours, holidays, ranges or whitelist, default modes, no language. */
    public static Company of(String id, String name, ZoneId zone, String countryCode) {
        return new Company(id, name, zone, countryCode, OfficeHours.NONE, Set.of(), List.of(), Set.of(),
                WhitelistMode.NEVER_RECORD_LISTED, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Company withOfficeHours(OfficeHours hours) {
        return new Company(id, name, zone, countryCode, hours, holidays, internalRanges, whitelist, whitelistMode,
                recordInternal, officeHoursMode, language, featureCodes);
    }

    public Company withHolidays(Set<LocalDate> dates) {
        return new Company(id, name, zone, countryCode, officeHours, dates, internalRanges, whitelist, whitelistMode,
                recordInternal, officeHoursMode, language, featureCodes);
    }

    public Company withInternalRanges(List<NumberRange> ranges) {
        return new Company(id, name, zone, countryCode, officeHours, holidays, ranges, whitelist, whitelistMode,
                recordInternal, officeHoursMode, language, featureCodes);
    }

    public Company withWhitelist(Set<String> numbers, WhitelistMode mode) {
        return new Company(id, name, zone, countryCode, officeHours, holidays, internalRanges, numbers, mode,
                recordInternal, officeHoursMode, language, featureCodes);
    }

    public Company withPolicies(Optional<Boolean> internal, Optional<OfficeHoursMode> hoursMode) {
        return new Company(id, name, zone, countryCode, officeHours, holidays, internalRanges, whitelist,
                whitelistMode, internal, hoursMode, language, featureCodes);
    }

    public Company withLanguage(Optional<String> lang) {
        return new Company(id, name, zone, countryCode, officeHours, holidays, internalRanges, whitelist,
                whitelistMode, recordInternal, officeHoursMode, lang, featureCodes);
    }

    /** @since 1.2 */
    public Company withFeatureCodes(FeatureCodes codes) {
        return new Company(id, name, zone, countryCode, officeHours, holidays, internalRanges, whitelist,
                whitelistMode, recordInternal, officeHoursMode, language, codes);
    }

    /**
     * Whether the office is open at {@code at}: the instant is taken to the company's zone (so DST changes are
     * honoured), a holiday is closed all day, otherwise the day's intervals decide.
     */
    public boolean inOfficeHours(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        return !holidays.contains(local.toLocalDate()) && officeHours.open(local.getDayOfWeek(), local.toLocalTime());
    }

    /** Whether {@code number} (normalised: E.164 with {@code +} or extension digits) is in an internal range. */
    public boolean internal(String number) {
        for (NumberRange r : internalRanges) {
            if (r.contains(number)) {
                return true;
            }
        }
        return false;
    }

    static void requireId(String id, String what) {
        Objects.requireNonNull(id, what);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " '" + id
                    + "': 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
