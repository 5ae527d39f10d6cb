package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.siprec.api.directory.DirectoryException;

/** {@code siprec:directory-import}: Imports companies, users and whitelists from a CSV or JSON file, all or nothing */
@Service
@Command(scope = "siprec", name = "directory-import", description = "Imports companies, users and whitelists from a CSV or JSON file, all or nothing")
public class DirectoryImportCommand extends DirectoryCommand {
    @Argument(index = 0, name = "file", required = true, description = "a .csv or .json file")
    String file;
    @Option(name = "--format", description = "csv or json (default: from the file's extension)")
    String format;
    @Option(name = "--replace", description = "the directory becomes exactly the file's content (default: add or replace the file's items, keep the rest)")
    boolean replace;

    @Override
    void run(JdbcDirectory d) throws Exception {
        Path path = Path.of(file);
        String f = format != null ? format.toLowerCase(java.util.Locale.ROOT)
                : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? "json" : "csv";
        List<Change> changes;
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            changes = switch (f) {
                case "csv" -> Formats.readCsv(in);
                case "json" -> Formats.readJson(in);
                default -> throw new DirectoryException("format", "unknown format '" + format + "', expected csv or json");
            };
        }
        int[] counts = d.apply(changes, replace);
        System.out.println("Imported " + path + (replace ? " (replacing the directory)" : "") + ": " + counts[0]
                + " companies, " + counts[1] + " users, " + counts[2] + " operator whitelist entries; revision "
                + d.revision());
    }
}
