package org.siprec.api.directory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The DTMF feature codes (RFC 4733 telephone-events keyed on the phone) of a company or a user: whether its parties
 * may use them at all, and the sequence of each {@link Action}. Every part is optional: what is not set is taken
 * from the level above (a user's from its company, a company's from the platform's configured defaults), see
 * {@link #over(FeatureCodes)}. Immutable.
 * <p>
 * Text form (directory files, shell, HTTP), items separated by commas or spaces, e.g.
 * {@code on,start=*71,stop=*72}, {@code off}, {@code pause=*1,resume=*2,stop=off}: {@code on}/{@code off} allow or
 * forbid the codes; {@code <action>=<code>} sets a code, {@code <action>=off} turns that action off at this level;
 * the empty text sets nothing ({@link #INHERIT}).
 *
 * @param allowed whether the codes may be used; empty: as the level above
 * @param codes   the codes set at this level by action; an empty string turns the action off
 * @since 1.2
 */
public record FeatureCodes(Optional<Boolean> allowed, Map<Action, String> codes) {

    /** What a feature code does to the recording of the call it is keyed in. */
    public enum Action {
        /** starts a recording of a call that is not recorded (recording on demand) */
        START,
        /** stops the call's recording (refused when it is mandatory) */
        STOP,
        /** pauses the call's recording */
        PAUSE,
        /** resumes a paused recording */
        RESUME;

        /** The name in the text form: {@code start}, {@code stop}, {@code pause}, {@code resume}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Nothing set: everything as the level above. */
    public static final FeatureCodes INHERIT = new FeatureCodes(Optional.empty(), Map.of());

    /** The characters of a code: the sixteen DTMF events of RFC 4733 (0-15). */
    public static final String DIGITS = "0123456789*#ABCD";

    /** The longest code. */
    public static final int MAX_LENGTH = 8;

    public FeatureCodes {
        Objects.requireNonNull(allowed, "allowed");
        EnumMap<Action, String> copy = new EnumMap<>(Action.class);
        for (Map.Entry<Action, String> e : Objects.requireNonNull(codes, "codes").entrySet()) {
            copy.put(Objects.requireNonNull(e.getKey(), "action"), code(e.getKey().key(), e.getValue()));
        }
        Map<String, Action> seen = new java.util.HashMap<>();
        for (Map.Entry<Action, String> e : copy.entrySet()) {
            Action other = e.getValue().isEmpty() ? null : seen.put(e.getValue(), e.getKey());
            if (other != null) {
                throw new IllegalArgumentException("feature codes " + other.key() + " and " + e.getKey().key()
                        + " must differ, both are '" + e.getValue() + "'");
            }
        }
        codes = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * A code as stored: upper case, no spaces; the empty string is "off".
     *
     * @throws IllegalArgumentException naming {@code what} when it holds other characters or is too long
     */
    public static String code(String what, String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        if (v.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is at most " + MAX_LENGTH + " digits, got '" + value + "'");
        }
        for (char c : v.toCharArray()) {
            if (DIGITS.indexOf(c) < 0) {
                throw new IllegalArgumentException(what + " may hold only 0-9 * # A-D, got '" + value + "'");
            }
        }
        return v;
    }

    /**
     * Reads the text form.
     *
     * @throws IllegalArgumentException saying which item is wrong
     */
    public static FeatureCodes parse(String text) {
        if (text == null || text.isBlank()) {
            return INHERIT;
        }
        Optional<Boolean> allowed = Optional.empty();
        Map<Action, String> codes = new EnumMap<>(Action.class);
        for (String item : text.trim().split("[,\\s]+")) {
            String lower = item.toLowerCase(Locale.ROOT);
            if (lower.equals("on") || lower.equals("off")) {
                allowed = Optional.of(lower.equals("on"));
                continue;
            }
            int eq = item.indexOf('=');
            Action action = null;
            for (Action a : Action.values()) {
                if (eq > 0 && a.key().equals(lower.substring(0, eq).strip())) {
                    action = a;
                }
            }
            if (action == null) {
                throw new IllegalArgumentException("feature codes: '" + item
                        + "' is not on, off or start|stop|pause|resume=<code> (e.g. start=*71, stop=off)");
            }
            String value = item.substring(eq + 1).strip();
            codes.put(action, value.equalsIgnoreCase("off") ? "" : code(action.key(), value));
        }
        return new FeatureCodes(allowed, codes);
    }

    /**
     * This level over {@code parent}: what is set here wins, the rest is the parent's (a parent's code that this
     * level uses for another action is dropped, so a merge never fails).
     */
    public FeatureCodes over(FeatureCodes parent) {
        Map<Action, String> merged = new EnumMap<>(Action.class);
        parent.codes.forEach((a, c) -> {
            if (c.isEmpty() || !codes.containsValue(c)) { // a code this level gives another action is that action's
                merged.put(a, c);
            }
        });
        merged.putAll(codes);
        return new FeatureCodes(allowed.or(parent::allowed), merged);
    }

    /** The code of {@code action} when the codes are allowed and it is set and not off. */
    public Optional<String> effective(Action action) {
        String c = codes.get(action);
        return allowed.orElse(true) && c != null && !c.isEmpty() ? Optional.of(c) : Optional.empty();
    }

    /** Whether nothing is set at this level. */
    public boolean inherits() {
        return allowed.isEmpty() && codes.isEmpty();
    }

    /** The text form, re-readable by {@link #parse}; empty for {@link #INHERIT}. */
    @Override
    public String toString() {
        List<String> items = new ArrayList<>();
        allowed.ifPresent(a -> items.add(a ? "on" : "off"));
        codes.forEach((a, c) -> items.add(a.key() + "=" + (c.isEmpty() ? "off" : c)));
        return String.join(",", items);
    }
}
