package org.siprec.srs.embedded.internal.crypto;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;

/** Real PKCS12 key stores of AES secret keys, as keytool -genseckey writes them. */
public final class TestKeyStores {
    private TestKeyStores() {
    }

    /** Writes {@code file} with the entries (name to key bytes) under {@code password}. */
    public static Path write(Path file, String password, Map<String, byte[]> entries) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password.toCharArray());
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            store.setEntry(e.getKey(), new KeyStore.SecretKeyEntry(new SecretKeySpec(e.getValue(), "AES")),
                    new KeyStore.PasswordProtection(password.toCharArray()));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    /** A 32-byte key whose bytes are all {@code b}. */
    public static byte[] key(int b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) b);
        return k;
    }
}
