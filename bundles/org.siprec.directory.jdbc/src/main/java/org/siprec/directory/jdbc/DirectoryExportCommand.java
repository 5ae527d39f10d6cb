package org.siprec.directory.jdbc;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code siprec:directory-export}: Exports the whole directory as CSV or JSON, to a file or the console */
@Service
@Command(scope = "siprec", name = "directory-export", description = "Exports the whole directory as CSV or JSON, to a file or the console")
public class DirectoryExportCommand extends DirectoryCommand {
    @Argument(index = 0, name = "file", description = "the file to write (default: the console)")
    String file;
    @Option(name = "--format", description = "csv or json (default: from the file's extension, csv on the console)")
    String format;

    @Override
    void run(JdbcDirectory d) throws Exception {
        String f = format != null ? format.toLowerCase(java.util.Locale.ROOT)
                : file != null && file.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? "json" : "csv";
        org.siprec.api.directory.DirectoryData data = d.exportData();
        String text = switch (f) {
            case "csv" -> Formats.writeCsv(data);
            case "json" -> Formats.writeJson(data);
            default -> throw new org.siprec.api.directory.DirectoryException("format", "unknown format '" + format + "', expected csv or json");
        };
        if (file == null) {
            System.out.print(text);
        } else {
            java.nio.file.Files.writeString(java.nio.file.Path.of(file), text, java.nio.charset.StandardCharsets.UTF_8);
            System.out.println("Exported " + data.companies().size() + " companies and " + data.subscribers().size()
                    + " users to " + file);
        }
    }
}
