package org.siprec.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.siprec.api.catalog.RecordingContent;
import org.siprec.api.catalog.UnreadableContentException;

/**
 * The result of re-checking stored recordings' files against the SHA-256 taken when each recording ended:
 * one {@link Problem} per missing or altered file, and counts.
 */
record Verification(int recordings, int filesChecked, int filesUnchecked, int filesAuthenticated,
        List<Problem> problems) {

    /**
     * What is wrong with one file: {@code MISSING}, {@code ALTERED}, {@code UNREADABLE}, or {@code UNDECRYPTABLE} (its
     * bytes are those stored but, encrypted at rest, it cannot be decrypted: its key is not in the key store, or it
     * fails authentication with it).
     */
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
        return of(rows, null);
    }

    /**
     * As {@link #of(List)}; with {@code content} (the SRS's {@link RecordingContent}, when installed) each file whose
     * checksum matches and that is encrypted at rest is also decrypted to its end, every segment authenticated.
     */
    static Verification of(List<CatalogDb.SrsRow> rows, RecordingContent content) {
        int checked = 0;
        int unchecked = 0;
        int authenticated = 0;
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
                    } else if (content != null && authenticate(content, f)) {
                        authenticated++;
                    }
                } catch (UnreadableContentException e) {
                    problems.add(new Problem(row.id(), "UNDECRYPTABLE", f.path().toString(), e.getMessage()));
                } catch (IOException e) {
                    problems.add(new Problem(row.id(), "UNREADABLE", f.path().toString(), e.toString()));
                }
            }
        }
        return new Verification(rows.size(), checked, unchecked, authenticated, List.copyOf(problems));
    }

    /** Reads an encrypted file to its end through the SRS (each segment authenticated); false when it is plaintext. */
    private static boolean authenticate(RecordingContent content, CatalogDb.FileRow f) throws IOException {
        try (RecordingContent.Content c = content.open(f.path())) {
            if (c.key() == null) {
                return false;
            }
            try (InputStream in = c.from(0)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return true;
        }
    }

    /** One line: {@code OK: ...} or {@code FAILED: ...}. */
    String summary() {
        long missing = problems.stream().filter(p -> p.kind().equals("MISSING")).count();
        long altered = problems.stream().filter(p -> p.kind().equals("ALTERED")).count();
        long undecryptable = problems.stream().filter(p -> p.kind().equals("UNDECRYPTABLE")).count();
        long unreadable = problems.size() - missing - altered - undecryptable;
        return (ok() ? "OK" : "FAILED") + ": " + recordings + " recording(s), " + filesChecked + " file(s) checked, "
                + missing + " missing, " + altered + " altered" + (unreadable > 0 ? ", " + unreadable + " unreadable" : "")
                + (undecryptable > 0 ? ", " + undecryptable + " undecryptable" : "")
                + (filesAuthenticated > 0 ? ", " + filesAuthenticated + " encrypted file(s) decrypted and authenticated" : "")
                + (filesUnchecked > 0 ? ", " + filesUnchecked + " without checksum yet (recording)" : "");
    }
}
