package org.siprec.srs.embedded.shell;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.siprec.srs.embedded.internal.RecordingCatalog;

/** {@code siprec:recordings}: the embedded SRS's recordings, newest last. */
@Service
@Command(scope = "siprec", name = "recordings", description = "Lists the recordings of the embedded SRS (id, start, duration, participants, state)")
public class RecordingsCommand implements Action {

    @Reference
    RecordingCatalog catalog;

    @Option(name = "-n", aliases = "--last", description = "Show only the last N recordings (default 50, 0 = all)")
    int last = 50;

    @Override
    public Object execute() {
        List<Map<String, Object>> all = catalog.recordings();
        List<Map<String, Object>> shown = last > 0 && all.size() > last ? all.subList(all.size() - last, all.size()) : all;
        ShellTable table = Views.recordings(shown);
        table.print(System.out);
        if (shown.size() < all.size()) {
            System.out.println((all.size() - shown.size()) + " older recording(s) not shown; -n 0 shows all");
        }
        return null;
    }
}
