package org.siprec.srs.embedded.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.siprec.api.catalog.CatalogEntry;
import org.siprec.api.catalog.RecordingCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded SRS's {@link RecordingCatalog}: live recordings from its sessions, finished ones from
 * {@code index.jsonl}. A session that has ended but is not yet in the index is still listed from memory, so a
 * recording never disappears between the two; one found in both is listed once.
 */
final class SrsCatalog implements RecordingCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SrsCatalog.class);

    private final RecordingIndex index;
    private final Path root;
    private final Supplier<Collection<RecordingSession>> sessions;

    SrsCatalog(RecordingIndex index, Path root, Supplier<Collection<RecordingSession>> sessions) {
        this.index = index;
        this.root = root;
        this.sessions = sessions;
    }

    @Override
    public List<CatalogEntry> recent(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        return select(limit, null, e -> true);
    }

    @Override
    public Optional<CatalogEntry> find(String recordingId) {
        Objects.requireNonNull(recordingId, "recordingId");
        return select(1, recordingId, e -> recordingId.equals(e.id())).stream().findFirst();
    }

    @Override
    public List<CatalogEntry> byCallId(String callId) {
        Objects.requireNonNull(callId, "callId");
        return select(Integer.MAX_VALUE, callId, e -> callId.equals(e.callId()));
    }

    @Override
    public List<CatalogEntry> bySessionId(String sessionId) {
        String wanted = normalizeSessionId(Objects.requireNonNull(sessionId, "sessionId"));
        if (wanted.isEmpty()) {
            return List.of();
        }
        return select(Integer.MAX_VALUE, null, e -> e.sipSessionIds() != null
                && e.sipSessionIds().stream().anyMatch(id -> id != null && normalizeSessionId(id).equals(wanted)));
    }

    /** RFC 7989 Session-IDs compare as hex, case-insensitively; {@code ;remote=} and other parameters are not the id. */
    static String normalizeSessionId(String value) {
        int semicolon = value.indexOf(';');
        String id = semicolon < 0 ? value : value.substring(0, semicolon);
        return id.replace("-", "").trim().toLowerCase(Locale.ROOT);
    }

    /** Live entries (latest started first), then the index's (latest ended first), at most {@code limit}. */
    private List<CatalogEntry> select(int limit, String hint, Predicate<IndexEntry> filter) {
        List<CatalogEntry> result = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        List<RecordingSession> live = new ArrayList<>();
        for (RecordingSession s : sessions.get()) {
            if (s.listedFromMemory()) {
                live.add(s);
            }
        }
        live.sort(Comparator.comparing(RecordingSession::start, Comparator.nullsLast(Comparator.reverseOrder())));
        for (RecordingSession s : live) {
            if (result.size() >= limit) {
                return result;
            }
            IndexEntry e = s.entry();
            if (filter.test(e) && add(result, e)) {
                listed.add(e.id());
            }
        }
        int left = limit - result.size();
        if (left > 0) {
            String written = hint == null ? null : RecordingIndex.asWritten(hint);
            for (IndexEntry e : index.latest(left, written, x -> filter.test(x) && !listed.contains(x.id()))) {
                if (result.size() >= limit) {
                    break;
                }
                add(result, e);
            }
        }
        return result;
    }

    private boolean add(List<CatalogEntry> result, IndexEntry e) {
        try {
            result.add(e.toCatalogEntry(root));
            return true;
        } catch (RuntimeException ex) {
            LOG.debug("Recording {} left out of the catalog: {}", e.id(), ex.getMessage());
            return false;
        }
    }
}
