package org.siprec.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.siprec.api.catalog.AuditEvent;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingPage;
import org.siprec.api.catalog.StoredRecording;

/**
 * The JSON shape of recordings in the REST API (docs/portal.md). Files are described by kind, size and SHA-256
 * only: their paths on the server are not shown; the audio is fetched by the recording's id.
 */
final class RecordingJson {
    private RecordingJson() {
    }

    static Map<String, Object> page(RecordingPage page) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("page", page.page());
        m.put("size", page.size());
        m.put("total", page.total());
        List<Object> items = new ArrayList<>();
        for (StoredRecording r : page.recordings()) {
            items.add(recording(r));
        }
        m.put("recordings", items);
        return m;
    }

    static Map<String, Object> recording(StoredRecording r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("state", r.state());
        m.put("company", r.company());
        m.put("direction", r.direction());
        m.put("start", r.start().toString());
        m.put("end", r.end() == null ? null : r.end().toString());
        m.put("durationMs", r.durationMs());
        m.put("codecs", r.codecs());
        m.put("endReason", r.endReason());
        m.put("sizeBytes", r.sizeBytes());
        m.put("callId", r.callId());
        List<Object> parties = new ArrayList<>();
        for (StoredRecording.Party p : r.parties()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("aor", p.aor());
            pm.put("number", p.number());
            pm.put("name", p.name());
            parties.add(pm);
        }
        m.put("parties", parties);
        List<Object> files = new ArrayList<>();
        for (StoredRecording.File f : r.files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("kind", f.kind());
            fm.put("name", f.path().getFileName().toString());
            fm.put("sizeBytes", f.size() < 0 ? null : f.size());
            fm.put("sha256", f.sha256());
            files.add(fm);
        }
        m.put("files", files);
        if (r.hold() == null) {
            m.put("hold", null);
        } else {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("since", r.hold().since() == null ? null : r.hold().since().toString());
            hm.put("actor", r.hold().actor());
            hm.put("reason", r.hold().reason());
            m.put("hold", hm);
        }
        m.put("audio", r.audio().isPresent() ? "/api/v1/recordings/" + r.id() + "/audio" : null);
        m.put("download", r.audio().isPresent() ? "/api/v1/recordings/" + r.id() + "/audio?download=1" : null);
        List<Object> metadata = new ArrayList<>();
        for (int n = 1; n <= metadata(r).size(); n++) {
            metadata.add("/api/v1/recordings/" + r.id() + "/metadata/" + n);
        }
        m.put("metadata", metadata);
        List<Object> pauses = new ArrayList<>();
        for (CatalogEntry.Pause p : r.pauses()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("start", p.start().toString());
            pm.put("end", p.end() == null ? null : p.end().toString());
            pauses.add(pm);
        }
        m.put("pauses", pauses);
        return m;
    }

    /**
     * Adds {@code "decision":{"decision","reason","reasons"}} (null when the catalogue holds no decision for the
     * recording), for those who may see it.
     */
    static void addDecision(Map<String, Object> m, StoredRecording r) {
        StoredRecording.Decision d = r.decision();
        if (d == null) {
            m.put("decision", null);
            return;
        }
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("decision", d.decision());
        dm.put("reason", d.reason());
        dm.put("reasons", d.reasons());
        m.put("decision", dm);
    }

    /** A recording with its audit trail, for those who may see it. */
    static Map<String, Object> recording(StoredRecording r, List<AuditEvent> trail) {
        Map<String, Object> m = recording(r);
        addAudit(m, trail);
        return m;
    }

    /** Adds the audit trail, oldest first, as {@code "audit":[...]}. */
    static void addAudit(Map<String, Object> m, List<AuditEvent> trail) {
        List<Object> events = new ArrayList<>();
        for (AuditEvent e : trail) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("time", e.time() == null ? null : e.time().toString());
            em.put("event", e.event());
            em.put("actor", e.actor());
            em.put("detail", e.detail());
            events.add(em);
        }
        m.put("audit", events);
    }

    /** The metadata documents of a recording (RFC 7865 snapshots), in the order they were written. */
    static List<StoredRecording.File> metadata(StoredRecording r) {
        return r.files().stream().filter(f -> "metadata".equals(f.kind())).toList();
    }
}
