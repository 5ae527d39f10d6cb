package org.siprec.srs.embedded.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingCatalog;

/** {@code siprec:recordings}: the recording catalog's latest entries, newest last. */
@Service
@Command(scope = "siprec", name = "recordings", description = "Lists the recordings of the embedded SRS (id, start, duration, participants, state)")
public class RecordingsCommand implements Action {

    @Reference
    RecordingCatalog catalog;

    @Option(name = "-n", aliases = "--last", description = "Show only the last N recordings (default 50, 0 = all)")
    int last = 50;

    @Override
    public Object execute() {
        if (last < 0) {
            System.out.println("-n must be 0 (all) or more");
            return null;
        }
        // one more than shown tells whether older ones exist
        List<CatalogEntry> latest = catalog.recent(last == 0 ? Integer.MAX_VALUE : last + 1);
        boolean more = last > 0 && latest.size() > last;
        List<CatalogEntry> shown = new ArrayList<>(more ? latest.subList(0, last) : latest);
        Collections.reverse(shown);
        Views.recordings(shown).print(System.out);
        if (more) {
            System.out.println("Older recordings not shown; -n 0 shows all");
        }
        return null;
    }
}
