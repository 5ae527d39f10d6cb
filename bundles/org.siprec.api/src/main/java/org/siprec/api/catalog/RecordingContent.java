package org.siprec.api.catalog;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens a recording's stored file as its plaintext, whether it is stored encrypted (encryption at rest, see
 * docs/storage.md) or not, with random access so that a reader can serve HTTP Range requests. Provided by the SRS that
 * wrote the files (the embedded SRS, which holds the key store); readers such as the portal never read a recording's
 * file directly. Called off signalling threads.
 *
 * @since 1.4
 */
@ProviderType
public interface RecordingContent {
    /**
     * Opens one stored file.
     *
     * @throws NoSuchFileException        when the file is missing
     * @throws UnreadableContentException when the file is encrypted and cannot be decrypted (its key is not in the key
     *                                    store, the key store cannot be read, or the file's header is broken); the
     *                                    message says which
     * @throws IOException                when it cannot be read
     */
    Content open(Path file) throws IOException;

    /**
     * Opens the first file of a kind ({@code audio}, {@code metadata}, {@code raw}) of a recording of the catalogue.
     *
     * @throws NoSuchFileException when the recording has no such file, or it is missing
     */
    default Content open(StoredRecording recording, String kind) throws IOException {
        for (StoredRecording.File f : recording.files()) {
            if (f.kind().equals(kind)) {
                return open(f.path());
            }
        }
        throw new NoSuchFileException("recording " + recording.id() + " has no " + kind + " file");
    }

    /** An opened file: its plaintext size and its plaintext from any offset. Close it when done. */
    @ProviderType
    interface Content extends Closeable {
        /** The size of the plaintext in bytes (the stored file's size when stored in plaintext). */
        long size();

        /**
         * The key the file was encrypted with, as {@code alias} and version ({@code acme v2}), or {@code null} when it
         * is stored in plaintext.
         */
        String key();

        /**
         * The plaintext from {@code offset} to the end. Reading it fails with an {@link UnreadableContentException}
         * when a part of the file fails authentication (altered, truncated, reordered or another key's).
         *
         * @throws IllegalArgumentException when the offset is negative or beyond {@link #size()}
         */
        InputStream from(long offset) throws IOException;
    }
}
