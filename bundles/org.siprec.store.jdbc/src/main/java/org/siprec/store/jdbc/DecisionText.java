package org.siprec.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.siprec.api.catalog.StoredRecording;

/**
 * Reads back the decision text the SRC logs and stores in {@code src_recordings.decision}
 * ({@code VERDICT (reason)[ mandatory][ announcement x]; policies: p1=VERDICT(reason), p2=...}): the verdict, the
 * combined reason and each policy's part. Reasons are free text and may hold parentheses, commas and semicolons, so
 * the parts are split only at separators outside parentheses; a text that does not have this shape is kept whole
 * as the reason (never an error: the row was written by another version perhaps).
 */
final class DecisionText {
    private static final String POLICIES = "policies:";

    private DecisionText() {
    }

    static StoredRecording.Decision parse(String text) {
        String t = text == null ? "" : text.strip();
        String verdict = CatalogDb.verdict(t);
        String rest = t.substring(Math.min(t.length(), leadingLetters(t))).strip();
        String combined = rest;
        List<String> reasons = new ArrayList<>();
        int split = indexOutside(rest, ';');
        if (split >= 0 && rest.substring(split + 1).strip().startsWith(POLICIES)) {
            combined = rest.substring(0, split).strip();
            String list = rest.substring(split + 1).strip().substring(POLICIES.length()).strip();
            if (!list.isEmpty() && !list.equals("none")) {
                for (String part : splitOutside(list, ',')) {
                    if (!part.isBlank()) {
                        reasons.add(part.strip());
                    }
                }
            }
        }
        String reason = unwrap(combined);
        return new StoredRecording.Decision(verdict, reason.isEmpty() ? null : reason, reasons, t);
    }

    /** {@code (why) mandatory} → {@code why, mandatory}: the parentheses of the combined reason dropped. */
    private static String unwrap(String combined) {
        if (!combined.startsWith("(")) {
            return combined;
        }
        int close = closing(combined, 0);
        if (close < 0) {
            return combined;
        }
        String inner = combined.substring(1, close).strip();
        String after = combined.substring(close + 1).strip();
        return after.isEmpty() ? inner : inner + ", " + after;
    }

    private static int leadingLetters(String t) {
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOutside(String s, char separator) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == separator && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitOutside(String s, char separator) {
        List<String> parts = new ArrayList<>();
        String rest = s;
        for (int i; (i = indexOutside(rest, separator)) >= 0; ) {
            parts.add(rest.substring(0, i));
            rest = rest.substring(i + 1);
        }
        parts.add(rest);
        return parts;
    }
}
