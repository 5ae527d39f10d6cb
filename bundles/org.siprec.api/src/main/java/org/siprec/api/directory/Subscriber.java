package org.siprec.api.directory;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user of a company. Immutable.
 *
 * @param id          the user's identifier, unique in the directory, {@code [A-Za-z0-9][A-Za-z0-9._@-]*}
 * @param companyId   the company the user belongs to
 * @param displayName a display name (may be empty)
 * @param numbers     the user's telephone numbers, normalised to E.164 ({@code +…})
 * @param aors        the user's SIP addresses of record that are not telephone numbers, normalised
 *                    ({@code sip:user@host}, host in lower case, no parameters)
 * @param profile     which of the user's calls are recorded
 * @param whitelist   the user's personal whitelist, E.164 numbers
 * @param language    the language of announcements for this user, overriding the company's
 * @param featureCodes the user's DTMF feature codes (since 1.2), over its company's
 */
public record Subscriber(String id, String companyId, String displayName, List<String> numbers, List<String> aors,
        RecordingProfile profile, Set<String> whitelist, Optional<String> language, FeatureCodes featureCodes) {

    public Subscriber {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}")) {
            throw new IllegalArgumentException("user id '" + id
                    + "': 1 to 128 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        Company.requireId(companyId, "company id");
        Objects.requireNonNull(displayName, "displayName");
        numbers = List.copyOf(numbers);
        aors = List.copyOf(aors);
        Objects.requireNonNull(profile, "profile");
        whitelist = Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(whitelist, "whitelist")));
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(featureCodes, "featureCodes");
    }

    /** A user with no feature codes of its own (the 1.1 constructor). */
    public Subscriber(String id, String companyId, String displayName, List<String> numbers, List<String> aors,
            RecordingProfile profile, Set<String> whitelist, Optional<String> language) {
        this(id, companyId, displayName, numbers, aors, profile, whitelist, language, FeatureCodes.INHERIT);
    }

    /** A user with no numbers, AORs or whitelist and no language of its own. */
    public static Subscriber of(String id, String companyId, String displayName, RecordingProfile profile) {
        return new Subscriber(id, companyId, displayName, List.of(), List.of(), profile, Set.of(), Optional.empty());
    }

    public Subscriber withNumbers(List<String> e164) {
        return new Subscriber(id, companyId, displayName, e164, aors, profile, whitelist, language, featureCodes);
    }

    public Subscriber withAors(List<String> sipAors) {
        return new Subscriber(id, companyId, displayName, numbers, sipAors, profile, whitelist, language, featureCodes);
    }

    public Subscriber withWhitelist(Set<String> e164) {
        return new Subscriber(id, companyId, displayName, numbers, aors, profile, e164, language, featureCodes);
    }

    public Subscriber withProfile(RecordingProfile p) {
        return new Subscriber(id, companyId, displayName, numbers, aors, p, whitelist, language, featureCodes);
    }

    /** @since 1.2 */
    public Subscriber withFeatureCodes(FeatureCodes codes) {
        return new Subscriber(id, companyId, displayName, numbers, aors, profile, whitelist, language, codes);
    }

    public Subscriber withLanguage(Optional<String> lang) {
        return new Subscriber(id, companyId, displayName, numbers, aors, profile, whitelist, lang, featureCodes);
    }
}
