package org.siprec.srs.embedded.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;

/**
 * The master keys of encryption at rest, from a PKCS12 key store file of secret-key entries named
 * {@code <alias>.v<version>} (e.g. {@code acme.v1}, {@code acme.v2}, {@code default.v1}): one alias per company (its
 * id) plus a default alias. New files are written with the highest version of an alias; a file names the alias and
 * version it was written with, so older versions stay for reading (key rotation: docs/storage.md). The file is read
 * again when it changes (size or last change), so a key added with {@code keytool} is used without a restart. Aliases
 * are compared in lower case (PKCS12 keeps them so). The password is never logged or put in a message.
 */
public final class RecordingKeys {
    private static final Pattern ENTRY = Pattern.compile("(.+)\\.v(\\d{1,9})");

    /** A key store or key that cannot be used; the message names the file, the entry and what is wrong. */
    public static final class KeyUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        KeyUnavailableException(String message) {
            super(message);
        }
    }

    /** A master key: its alias, its version and the AES-256 key. */
    public record MasterKey(String alias, int version, SecretKey key) {
        public String name() {
            return alias + " v" + version;
        }
    }

    private final Path file;
    private final char[] password;
    private FileTime loadedTime;
    private long loadedSize = -1;
    /** alias (lower case) → version → key; entries that are not AES-256 secret keys are in {@link #refused}. */
    private Map<String, TreeMap<Integer, SecretKey>> keys = Map.of();
    private Map<String, String> refused = Map.of();

    public RecordingKeys(Path file, char[] password) {
        this.file = file;
        this.password = password.clone();
    }

    public Path file() {
        return file;
    }

    /** The newest version of an alias, for new files. */
    public synchronized MasterKey current(String alias) throws KeyUnavailableException {
        load();
        String a = alias.toLowerCase(Locale.ROOT);
        TreeMap<Integer, SecretKey> versions = keys.get(a);
        if (versions == null) {
            throw new KeyUnavailableException("key store " + file + " has no key " + a + ".v<N> (AES-256 secret key)"
                    + refusedNote(a));
        }
        Map.Entry<Integer, SecretKey> newest = versions.lastEntry();
        return new MasterKey(a, newest.getKey(), newest.getValue());
    }

    /** One version of an alias, for reading a file written with it. */
    public synchronized SecretKey version(String alias, int version) throws KeyUnavailableException {
        load();
        String a = alias.toLowerCase(Locale.ROOT);
        SecretKey key = keys.getOrDefault(a, new TreeMap<>()).get(version);
        if (key == null) {
            throw new KeyUnavailableException("key store " + file + " has no key " + a + ".v" + version + refusedNote(a));
        }
        return key;
    }

    /** Whether the key store has any version of {@code alias}. */
    public synchronized boolean has(String alias) throws KeyUnavailableException {
        load();
        return keys.containsKey(alias.toLowerCase(Locale.ROOT));
    }

    /** Every alias with its versions (for the start line and the rekey command). */
    public synchronized Map<String, java.util.Set<Integer>> aliases() throws KeyUnavailableException {
        load();
        Map<String, java.util.Set<Integer>> result = new TreeMap<>();
        keys.forEach((a, v) -> result.put(a, Collections.unmodifiableSet(v.keySet())));
        return result;
    }

    private String refusedNote(String alias) {
        StringBuilder b = new StringBuilder();
        refused.forEach((entry, why) -> {
            if (entry.startsWith(alias + ".v")) {
                b.append("; entry ").append(entry).append(' ').append(why);
            }
        });
        return b.toString();
    }

    private void load() throws KeyUnavailableException {
        FileTime time;
        long size;
        try {
            time = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new KeyUnavailableException("key store " + file + " does not exist (encryption.keystore)");
        } catch (IOException e) {
            throw new KeyUnavailableException("key store " + file + " cannot be read: " + e.getMessage());
        }
        if (time.equals(loadedTime) && size == loadedSize) {
            return;
        }
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password");
            throw new KeyUnavailableException("key store " + file + " cannot be opened: " + (wrongPassword
                    ? "wrong password (encryption.keystore.password / encryption.keystore.password.file)"
                    : "not a PKCS12 key store or damaged (" + e.getMessage() + ")"));
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("key store " + file + " cannot be opened: " + e.getMessage());
        }
        Map<String, TreeMap<Integer, SecretKey>> found = new HashMap<>();
        Map<String, String> notUsable = new TreeMap<>();
        try {
            for (String entry : Collections.list(store.aliases())) {
                String name = entry.toLowerCase(Locale.ROOT);
                Matcher m = ENTRY.matcher(name);
                if (!m.matches()) {
                    notUsable.put(name, "is not named <alias>.v<version>");
                    continue;
                }
                Key key;
                try {
                    key = store.getKey(entry, password);
                } catch (UnrecoverableKeyException e) {
                    notUsable.put(name, "cannot be read with the key store's password");
                    continue;
                }
                if (!(key instanceof SecretKey secret) || !"AES".equalsIgnoreCase(key.getAlgorithm())
                        || key.getEncoded() == null || key.getEncoded().length != 32) {
                    notUsable.put(name, "is not an AES-256 secret key (keytool -genseckey -keyalg AES -keysize 256)");
                    continue;
                }
                found.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), secret);
            }
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("key store " + file + " cannot be read: " + e.getMessage());
        }
        keys = found;
        refused = notUsable;
        loadedTime = time;
        loadedSize = size;
    }
}
