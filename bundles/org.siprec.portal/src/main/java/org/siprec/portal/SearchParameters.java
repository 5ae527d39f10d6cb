package org.siprec.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.siprec.api.catalog.RecordingSearch;

/**
 * The query parameters of {@code GET /api/v1/recordings}, checked: a value that cannot be used is a 400 naming the
 * parameter, never a search that silently ignores it.
 */
final class SearchParameters {
    static final int DEFAULT_SIZE = 50;
    static final Set<String> STATES = Set.of("recording", "completed", "failed", "interrupted");
    static final Set<String> DIRECTIONS = Set.of("orig", "term");
    /** A week: no recording lasts longer, and a bigger number is a typing error. */
    static final int MAX_DURATION_S = 7 * 24 * 3600;
    static final Set<String> KNOWN = Set.of("party", "company", "from", "to", "state", "page", "size", "user",
            "direction", "minDuration", "maxDuration", "sort", "order");

    private SearchParameters() {
    }

    static RecordingSearch parse(Map<String, String[]> parameters) throws ApiException {
        return parse(parameters, RecordingSearch.Scope.ALL);
    }

    /** The search, within what the user may see ({@code scope}: no parameter widens it). */
    static RecordingSearch parse(Map<String, String[]> parameters, RecordingSearch.Scope scope) throws ApiException {
        for (String name : parameters.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new ApiException(400, "unknown parameter '" + name + "' (known: party, company, from, to, state,"
                        + " user, direction, minDuration, maxDuration, sort, order, page, size)");
            }
        }
        String party = one(parameters, "party");
        if (party != null && party.length() > 128) {
            throw new ApiException(400, "party: at most 128 characters");
        }
        String company = one(parameters, "company");
        if (company != null && company.length() > 64) {
            throw new ApiException(400, "company: at most 64 characters");
        }
        String state = one(parameters, "state");
        if (state != null && !STATES.contains(state)) {
            throw new ApiException(400, "state: '" + state + "' is not one of recording, completed, failed, interrupted");
        }
        Instant from = time(parameters, "from");
        Instant to = time(parameters, "to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ApiException(400, "from (" + from + ") must be before to (" + to + ")");
        }
        int page = number(parameters, "page", 0, 0, 1_000_000);
        int size = number(parameters, "size", DEFAULT_SIZE, 1, RecordingSearch.MAX_SIZE);
        String user = one(parameters, "user");
        if (user != null && user.length() > 128) {
            throw new ApiException(400, "user: at most 128 characters");
        }
        String direction = one(parameters, "direction");
        if (direction != null && !DIRECTIONS.contains(direction)) {
            throw new ApiException(400, "direction: '" + direction + "' is not one of orig, term");
        }
        Integer min = number(parameters, "minDuration", null, 0, MAX_DURATION_S);
        Integer max = number(parameters, "maxDuration", null, 0, MAX_DURATION_S);
        if (min != null && max != null && min > max) {
            throw new ApiException(400, "minDuration (" + min + ") must not be above maxDuration (" + max + ")");
        }
        String sort = one(parameters, "sort");
        if (sort != null && !sort.equals("start") && !sort.equals("duration")) {
            throw new ApiException(400, "sort: '" + sort + "' is not one of start, duration");
        }
        String order = one(parameters, "order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw new ApiException(400, "order: '" + order + "' is not one of asc, desc");
        }
        return new RecordingSearch(party, company, from, to, state, page, size, user, direction,
                min == null ? null : min * 1000L, max == null ? null : max * 1000L,
                "duration".equals(sort) ? RecordingSearch.Sort.DURATION : RecordingSearch.Sort.START,
                "asc".equals(order), scope);
    }

    private static String one(Map<String, String[]> parameters, String name) throws ApiException {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new ApiException(400, name + ": given " + values.length + " times, at most once");
        }
        String v = values[0].trim();
        return v.isEmpty() ? null : v;
    }

    /** An ISO-8601 instant ({@code 2026-12-03T08:00:00Z}) or a date ({@code 2026-12-03}, its start in UTC). */
    private static Instant time(Map<String, String[]> parameters, String name) throws ApiException {
        String v = one(parameters, name);
        if (v == null) {
            return null;
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, name + ": '" + v + "' is neither an instant (2026-12-03T08:00:00Z) nor a date"
                    + " (2026-12-03)");
        }
    }

    private static Integer number(Map<String, String[]> parameters, String name, Integer dflt, int min, int max)
            throws ApiException {
        String v = one(parameters, name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ApiException(400, name + ": '" + v + "' is not a whole number from " + min + " to " + max);
    }
}
