package org.siprec.db.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements at the semicolons outside string literals ({@code '...'}, with
 * {@code ''} inside), quoted identifiers ({@code "..."}) and comments ({@code -- ...} to the end of the line,
 * {@code /* ... *}{@code /}), which are dropped. PostgreSQL's dollar quoting ({@code $$ ... $$}) is not part of the
 * SQL subset the scripts are written in and is not recognised.
 */
final class SqlStatements {
    private SqlStatements() {
    }

    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < n) {
                    if (script.charAt(end) == c) {
                        if (end + 1 < n && script.charAt(end + 1) == c) {
                            end += 2; // doubled quote inside
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                end = Math.min(end, n - 1);
                current.append(script, i, end + 1);
                i = end + 1;
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
                current.append(' ');
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                current.append(' ');
            } else if (c == ';') {
                add(statements, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String s = current.toString().strip();
        if (!s.isEmpty()) {
            statements.add(s);
        }
        current.setLength(0);
    }
}
