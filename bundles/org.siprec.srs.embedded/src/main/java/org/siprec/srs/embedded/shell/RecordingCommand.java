package org.siprec.srs.embedded.shell;

import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingCatalog;
import org.siprec.api.catalog.RecordingContent;

/** {@code siprec:recording <id>}: one recording's catalog entry, files and latest metadata. */
@Service
@Command(scope = "siprec", name = "recording", description = "Shows one recording of the embedded SRS: participants, streams, files and its metadata")
public class RecordingCommand implements Action {

    @Reference
    RecordingCatalog catalog;

    /** Reads the metadata document as plaintext when it is encrypted at rest. */
    @Reference(optional = true)
    RecordingContent content;

    @Argument(index = 0, name = "id", required = true, description = "Recording id (or a unique prefix of it)")
    String id;

    @Option(name = "--no-metadata", description = "Do not print the metadata XML")
    boolean noMetadata;

    @Override
    public Object execute() {
        Optional<CatalogEntry> entry = catalog.find(id).or(this::byPrefix);
        if (entry.isEmpty()) {
            System.out.println("No recording " + id + " (or the prefix is not unique)");
            return null;
        }
        RecordingContent c = content;
        System.out.print(c == null ? Views.recording(entry.get(), !noMetadata)
                : Views.recording(entry.get(), !noMetadata, f -> {
                    try (RecordingContent.Content text = c.open(f); java.io.InputStream in = text.from(0)) {
                        return in.readAllBytes();
                    }
                }));
        return null;
    }

    /** Ids are long: a unique prefix is enough at the console. */
    private Optional<CatalogEntry> byPrefix() {
        List<CatalogEntry> matches = catalog.recent(Integer.MAX_VALUE).stream().filter(e -> e.id().startsWith(id)).limit(2).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }
}
