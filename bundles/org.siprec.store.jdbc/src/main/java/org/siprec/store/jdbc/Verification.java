package org.siprec.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of re-checking stored recordings' files against the SHA-256 taken when each recording ended:
 * one {@link Problem} per missing or altered file, and counts.
 */
record Verification(int recordings, int filesChecked, int filesUnchecked, List<Problem> problems) {

    /** What is wrong with one file: {@code MISSING}, {@code ALTERED} or {@code UNREADABLE}. */
    record Problem(String recordingId, String kind, String path, String detail) {
        @Override
        public String toString() {
            return kind + " " + recordingId + " " + path + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    boolean ok() {
        return problems.isEmpty();
    }

    /**
     * Checks every file of {@code rows} that has a recorded checksum; files without one (still recording) are
     * counted as unchecked.
     */
    static Verification of(List<CatalogDb.SrsRow> rows) {
        int checked = 0;
        int unchecked = 0;
        List<Problem> problems = new ArrayList<>();
        for (CatalogDb.SrsRow row : rows) {
            for (CatalogDb.FileRow f : row.files()) {
                if (f.sha256() == null) {
                    unchecked++;
                    continue;
                }
                checked++;
                if (!Files.isRegularFile(f.path())) {
                    problems.add(new Problem(row.id(), "MISSING", f.path().toString(), ""));
                    continue;
                }
                try {
                    long size = Files.size(f.path());
                    String sha = Sha256.of(f.path());
                    if (!sha.equals(f.sha256())) {
                        problems.add(new Problem(row.id(), "ALTERED", f.path().toString(), "SHA-256 " + sha
                                + " instead of " + f.sha256() + (size != f.size() ? ", " + size + " bytes instead of "
                                + f.size() : "")));
                    }
                } catch (IOException e) {
                    problems.add(new Problem(row.id(), "UNREADABLE", f.path().toString(), e.toString()));
                }
            }
        }
        return new Verification(rows.size(), checked, unchecked, List.copyOf(problems));
    }

    /** One line: {@code OK: ...} or {@code FAILED: ...}. */
    String summary() {
        long missing = problems.stream().filter(p -> p.kind().equals("MISSING")).count();
        long altered = problems.stream().filter(p -> p.kind().equals("ALTERED")).count();
        long unreadable = problems.size() - missing - altered;
        return (ok() ? "OK" : "FAILED") + ": " + recordings + " recording(s), " + filesChecked + " file(s) checked, "
                + missing + " missing, " + altered + " altered" + (unreadable > 0 ? ", " + unreadable + " unreadable" : "")
                + (filesUnchecked > 0 ? ", " + filesUnchecked + " without checksum yet (recording)" : "");
    }
}
