package org.siprec.directory.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.FeatureCodes;
import org.siprec.api.directory.DirectoryData;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.NumberRange;
import org.siprec.api.directory.OfficeHoursMode;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.WhitelistMode;

/**
 * The directory's import/export files, CSV and JSON (docs/directory.md, "Files"). Reading turns each company, user
 * and operator whitelist entry into a {@link Change} carrying its line; a malformed item throws a
 * {@link DirectoryException} naming the line and the field.
 */
final class Formats {
    static final List<String> COMPANY_COLUMNS = List.of("id", "name", "zone", "country_code", "language",
            "whitelist_mode", "record_internal", "office_hours_mode", "office_hours", "holidays", "internal_ranges",
            "whitelist", "feature_codes");
    static final List<String> USER_COLUMNS = List.of("id", "company", "name", "profile", "numbers", "whitelist",
            "language", "feature_codes");
    static final String COMPANY = "company";
    static final String USER = "user";
    static final String OPERATOR_WHITELIST = "operator-whitelist";

    private Formats() {
    }

    /** The fields of one item, by name, as text ({@code |}-separated lists) or lists. */
    interface Item {
        int line();

        /** The field's text, "" when absent. */
        String text(String field);

        /** The field's elements. */
        List<String> list(String field);
    }

    // --- reading ----------------------------------------------------------------------------------------------

    /** Reads a CSV import: lines {@code company,...}, {@code user,...}, {@code operator-whitelist,<number>}. */
    static List<Change> readCsv(Reader in) throws IOException {
        List<Change> changes = new ArrayList<>();
        String text = readAll(in);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            String l = lines[i];
            if (l.isBlank() || l.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> cells = csvCells(l, line);
            String type = cells.get(0).trim().toLowerCase(Locale.ROOT);
            List<String> values = cells.subList(1, cells.size());
            switch (type) {
                case COMPANY -> changes.add(Change.of(line, company(csvItem(line, COMPANY_COLUMNS, values))));
                case USER -> changes.add(Change.of(line, user(csvItem(line, USER_COLUMNS, values))));
                case OPERATOR_WHITELIST -> {
                    if (values.size() != 1 || values.get(0).isBlank()) {
                        throw new DirectoryException(line, "number", "expected operator-whitelist,<number>", null);
                    }
                    changes.add(Change.operatorWhitelist(line, values.get(0).trim()));
                }
                default -> throw new DirectoryException(line, "type", "unknown line type '" + cells.get(0)
                        + "', expected company, user or operator-whitelist", null);
            }
        }
        return changes;
    }

    /**
     * Reads a JSON import: {@code {"companies": [...], "users": [...], "operator_whitelist": [...]}}, the keys of each
     * company and user being the CSV column names.
     */
    static List<Change> readJson(Reader in) throws IOException {
        List<Change> companies = new ArrayList<>();
        List<Change> users = new ArrayList<>();
        List<Change> operator = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(in)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "the file", "an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                int keyLine = line(p);
                JsonToken t = p.nextToken();
                switch (key) {
                    case "companies" -> {
                        expect(p, t, JsonToken.START_ARRAY, key, "an array of companies");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            companies.add(Change.of(line(p), company(jsonItem(p, COMPANY_COLUMNS))));
                        }
                    }
                    case "users" -> {
                        expect(p, t, JsonToken.START_ARRAY, key, "an array of users");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            users.add(Change.of(line(p), user(jsonItem(p, USER_COLUMNS))));
                        }
                    }
                    case "operator_whitelist" -> {
                        expect(p, t, JsonToken.START_ARRAY, key, "an array of numbers");
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            operator.add(Change.operatorWhitelist(line(p), p.getText()));
                        }
                    }
                    default -> throw new DirectoryException(keyLine, key, "unknown key, expected companies, users"
                            + " or operator_whitelist", null);
                }
                if (p.currentToken() != JsonToken.END_ARRAY) {
                    throw new DirectoryException(line(p), key, "unexpected " + p.currentToken(), null);
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DirectoryException(line, null, "not valid JSON: " + e.getOriginalMessage(), null);
        }
        List<Change> all = new ArrayList<>(companies);
        all.addAll(users);
        all.addAll(operator);
        return all;
    }

    static Company company(Item item) {
        int line = item.line();
        String id = item.text("id");
        field(line, "id", () -> {
            Company.of(id, "", java.time.ZoneOffset.UTC, "1");
            return null;
        });
        String countryCode = item.text("country_code");
        field(line, "country_code", () -> {
            Company.of(id, "", java.time.ZoneOffset.UTC, countryCode);
            return null;
        });
        Company c = Company.of(id, item.text("name"), field(line, "zone", () -> Fields.zone(item.text("zone"))),
                countryCode);
        c = c.withLanguage(Fields.optional(item.text("language")));
        String mode = item.text("whitelist_mode");
        WhitelistMode wm = mode.isBlank() ? WhitelistMode.NEVER_RECORD_LISTED
                : field(line, "whitelist_mode", () -> WhitelistMode.parse(mode));
        Optional<Boolean> internal = field(line, "record_internal",
                () -> Fields.optionalBoolean(item.text("record_internal")));
        String hoursMode = item.text("office_hours_mode");
        Optional<OfficeHoursMode> ohm = hoursMode.isBlank() || hoursMode.equalsIgnoreCase("default")
                ? Optional.empty() : Optional.of(field(line, "office_hours_mode", () -> OfficeHoursMode.parse(hoursMode)));
        c = c.withPolicies(internal, ohm).withWhitelist(new LinkedHashSet<>(item.list("whitelist")), wm);
        c = c.withOfficeHours(field(line, "office_hours", () -> Fields.hours(item.text("office_hours"))));
        Set<LocalDate> holidays = new LinkedHashSet<>();
        for (String d : item.list("holidays")) {
            holidays.add(field(line, "holidays", () -> Fields.date(d)));
        }
        List<NumberRange> ranges = new ArrayList<>();
        for (String r : item.list("internal_ranges")) {
            ranges.add(field(line, "internal_ranges", () -> Fields.range(r, countryCode)));
        }
        FeatureCodes codes = field(line, "feature_codes", () -> FeatureCodeText.parse(item.text("feature_codes")));
        return c.withHolidays(holidays).withInternalRanges(ranges).withFeatureCodes(codes);
    }

    static Subscriber user(Item item) {
        int line = item.line();
        String profile = item.text("profile");
        RecordingProfile p = profile.isBlank() ? RecordingProfile.BOTH
                : field(line, "profile", () -> RecordingProfile.parse(profile));
        String id = item.text("id");
        field(line, "id", () -> Subscriber.of(id, "x", "", p));
        String company = item.text("company");
        field(line, "company", () -> Subscriber.of(id, company, "", p));
        return Subscriber.of(id, company, item.text("name"), p).withNumbers(item.list("numbers"))
                .withWhitelist(new LinkedHashSet<>(item.list("whitelist")))
                .withLanguage(Fields.optional(item.text("language")))
                .withFeatureCodes(field(line, "feature_codes", () -> FeatureCodeText.parse(item.text("feature_codes"))));
    }

    interface Parse<T> {
        T get();
    }

    static <T> T field(int line, String field, Parse<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
            throw new DirectoryException(line, field, e.getMessage() == null ? "missing" : e.getMessage(), null);
        }
    }

    private static Item csvItem(int line, List<String> columns, List<String> values) {
        if (values.size() > columns.size()) {
            throw new DirectoryException(line, null, values.size() + " values after the type, at most "
                    + columns.size() + " expected: " + String.join(",", columns), null);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            map.put(columns.get(i), values.get(i).trim());
        }
        return new Item() {
            public int line() {
                return line;
            }

            public String text(String field) {
                return map.getOrDefault(field, "");
            }

            public List<String> list(String field) {
                return Fields.list(text(field));
            }
        };
    }

    private static Item jsonItem(JsonParser p, List<String> keys) throws IOException {
        int line = line(p);
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (!keys.contains(key)) {
                throw new DirectoryException(line(p), key, "unknown key, expected one of " + keys, null);
            }
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                List<String> values = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (!t.isScalarValue()) {
                        throw new DirectoryException(line(p), key, "expected an array of strings", null);
                    }
                    values.add(p.getText());
                }
                map.put(key, values);
            } else if (t.isScalarValue()) {
                map.put(key, t == JsonToken.VALUE_NULL ? "" : p.getText());
            } else {
                throw new DirectoryException(line(p), key, "expected a string or an array of strings", null);
            }
        }
        return new Item() {
            public int line() {
                return line;
            }

            public String text(String field) {
                Object v = map.get(field);
                return v == null ? "" : v instanceof List<?> l ? String.join("|", l.stream().map(String::valueOf)
                        .toList()) : v.toString();
            }

            @SuppressWarnings("unchecked")
            public List<String> list(String field) {
                Object v = map.get(field);
                return v instanceof List<?> l ? (List<String>) l : Fields.list(text(field));
            }
        };
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String field, String what) {
        if (actual != expected) {
            throw new DirectoryException(line(p), field, "expected " + what, null);
        }
    }

    private static int line(JsonParser p) {
        return p.currentLocation().getLineNr();
    }

    /** Splits a CSV line (RFC 4180 quoting: "a, b" and "" for a quote inside). */
    static List<String> csvCells(String line, int lineNumber) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new DirectoryException(lineNumber, null, "unterminated quoted value", null);
        }
        cells.add(cell.toString());
        return cells;
    }

    // --- writing ----------------------------------------------------------------------------------------------

    static String writeCsv(DirectoryData data) {
        StringBuilder b = new StringBuilder();
        b.append("# siprec subscriber directory (docs/directory.md); lists are separated by |\n");
        b.append("# company,").append(String.join(",", COMPANY_COLUMNS)).append('\n');
        b.append("# user,").append(String.join(",", USER_COLUMNS)).append('\n');
        b.append("# operator-whitelist,number\n");
        for (Company c : data.companies()) {
            row(b, COMPANY, companyValues(c));
        }
        for (Subscriber s : data.subscribers()) {
            row(b, USER, userValues(s));
        }
        for (String n : data.operatorWhitelist()) {
            row(b, OPERATOR_WHITELIST, List.of(n));
        }
        return b.toString();
    }

    static String writeJson(DirectoryData data) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator((Writer) out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeArrayFieldStart("companies");
            for (Company c : data.companies()) {
                jsonObject(g, COMPANY_COLUMNS, companyValues(c), Set.of("holidays", "internal_ranges", "whitelist"));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("users");
            for (Subscriber s : data.subscribers()) {
                jsonObject(g, USER_COLUMNS, userValues(s), Set.of("numbers", "whitelist"));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("operator_whitelist");
            for (String n : data.operatorWhitelist()) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString() + "\n";
    }

    private static void jsonObject(JsonGenerator g, List<String> keys, List<String> values, Set<String> lists)
            throws IOException {
        g.writeStartObject();
        for (int i = 0; i < keys.size(); i++) {
            String v = values.get(i);
            if (lists.contains(keys.get(i))) {
                g.writeArrayFieldStart(keys.get(i));
                for (String e : Fields.list(v)) {
                    g.writeString(e);
                }
                g.writeEndArray();
            } else if (!v.isEmpty()) {
                g.writeStringField(keys.get(i), v);
            }
        }
        g.writeEndObject();
    }

    private static List<String> companyValues(Company c) {
        return List.of(c.id(), c.name(), c.zone().getId(), c.countryCode(), c.language().orElse(""),
                c.whitelistMode().token(), c.recordInternal().map(String::valueOf).orElse(""),
                c.officeHoursMode().map(OfficeHoursMode::token).orElse(""), Fields.hoursText(c.officeHours()),
                join(c.holidays().stream().map(LocalDate::toString).toList()),
                join(c.internalRanges().stream().map(NumberRange::toString).toList()), join(c.whitelist()),
                c.featureCodes().toString());
    }

    private static List<String> userValues(Subscriber s) {
        List<String> addresses = new ArrayList<>(s.numbers());
        addresses.addAll(s.aors());
        return List.of(s.id(), s.companyId(), s.displayName(), s.profile().token(), join(addresses),
                join(s.whitelist()), s.language().orElse(""), s.featureCodes().toString());
    }

    private static String join(java.util.Collection<String> items) {
        return String.join("|", items);
    }

    private static void row(StringBuilder b, String type, List<String> values) {
        b.append(type);
        for (String v : values) {
            b.append(',');
            if (v.contains(",") || v.contains("\"") || v.startsWith(" ") || v.endsWith(" ")) {
                b.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                b.append(v);
            }
        }
        b.append('\n');
    }

    private static String readAll(Reader in) throws IOException {
        StringBuilder b = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            b.append(buf, 0, n);
        }
        return b.toString();
    }
}
