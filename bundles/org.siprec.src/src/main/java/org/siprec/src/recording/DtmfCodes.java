package org.siprec.src.recording;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.FeatureCodes;
import org.siprec.api.directory.FeatureCodes.Action;
import org.siprec.api.directory.Subscriber;

/**
 * The DTMF feature codes (RFC 4733 telephone-events) in force for one call, e.g. {@code *71} starts a recording,
 * {@code *72} stops it, {@code *1} pauses and {@code *2} resumes it; an empty code is off. The platform's defaults
 * come from {@code etc/org.siprec.src.cfg}; {@link #forServedUser} puts the served user's company's and the user's
 * own settings from the subscriber directory over them.
 */
public record DtmfCodes(String start, String stop, String pause, String resume) {
    public static final DtmfCodes NONE = new DtmfCodes("", "", "", "");
    private static final String DIGITS = FeatureCodes.DIGITS;

    /**
     * The pause and resume sequences only (no start/stop codes).
     *
     * @throws IllegalArgumentException naming the key ({@code pause.dtmf}, {@code resume.dtmf}) that is wrong
     */
    public static DtmfCodes of(String pause, String resume) {
        return of("", "", pause, resume);
    }

    /**
     * The platform's defaults from the configuration keys {@code record.start.dtmf}, {@code record.stop.dtmf},
     * {@code pause.dtmf}, {@code resume.dtmf}.
     *
     * @throws IllegalArgumentException naming the key that is wrong, or the two keys that hold the same sequence
     */
    public static DtmfCodes of(String start, String stop, String pause, String resume) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("record.start.dtmf", FeatureCodes.code("record.start.dtmf", start));
        keys.put("record.stop.dtmf", FeatureCodes.code("record.stop.dtmf", stop));
        keys.put("pause.dtmf", FeatureCodes.code("pause.dtmf", pause));
        keys.put("resume.dtmf", FeatureCodes.code("resume.dtmf", resume));
        Map<String, String> seen = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String other = e.getValue().isEmpty() ? null : seen.put(e.getValue(), e.getKey());
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + e.getKey() + " must differ, both are '" + e.getValue() + "'");
            }
        }
        return new DtmfCodes(keys.get("record.start.dtmf"), keys.get("record.stop.dtmf"), keys.get("pause.dtmf"),
                keys.get("resume.dtmf"));
    }

    /** These codes as the bottom level of the directory's {@link FeatureCodes} (allowed unless a level says off). */
    FeatureCodes asDefaults() {
        Map<Action, String> codes = new EnumMap<>(Action.class);
        for (Action a : Action.values()) {
            codes.put(a, code(a));
        }
        return new FeatureCodes(Optional.empty(), codes);
    }

    /**
     * The codes for a call whose served user is {@code user} (of {@code company}): the user's settings over the
     * company's over these defaults. A level that says {@code off} turns all codes off; a level that sets an
     * action's code replaces the one below; an action set {@code off} is off.
     */
    public DtmfCodes forServedUser(Optional<Company> company, Optional<Subscriber> user) {
        FeatureCodes merged = asDefaults();
        if (company.isPresent()) {
            merged = company.get().featureCodes().over(merged);
        }
        if (user.isPresent()) {
            merged = user.get().featureCodes().over(merged);
        }
        return new DtmfCodes(merged.effective(Action.START).orElse(""), merged.effective(Action.STOP).orElse(""),
                merged.effective(Action.PAUSE).orElse(""), merged.effective(Action.RESUME).orElse(""));
    }

    /** The code of {@code action}; empty when off. */
    public String code(Action action) {
        return switch (action) {
            case START -> start;
            case STOP -> stop;
            case PAUSE -> pause;
            case RESUME -> resume;
        };
    }

    /**
     * The action whose code the digits a party sent end with; when several do (one code ends another, e.g.
     * {@code 1} and {@code *1}), the longest code wins.
     */
    Optional<Action> match(CharSequence digits) {
        String sent = digits.toString();
        Action best = null;
        for (Action a : Action.values()) {
            String c = code(a);
            if (!c.isEmpty() && sent.endsWith(c) && (best == null || c.length() > code(best).length())) {
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The character of an RFC 4733 event code (0-15), or 0 for another event. */
    static char digit(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    boolean enabled() {
        return !start.isEmpty() || !stop.isEmpty() || !pause.isEmpty() || !resume.isEmpty();
    }

    @Override
    public String toString() {
        return "start=" + off(start) + ",stop=" + off(stop) + ",pause=" + off(pause) + ",resume=" + off(resume);
    }

    private static String off(String code) {
        return code.isEmpty() ? "off" : code;
    }
}
