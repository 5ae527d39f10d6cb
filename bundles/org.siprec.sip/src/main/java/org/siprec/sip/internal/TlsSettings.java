package org.siprec.sip.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS listening point of one endpoint: its port, its own certificate (key store), the certificates it trusts
 * (trust store), whether peers must show one, the protocols allowed and whether a server's certificate must name
 * the host or IP address it was reached at. Read per endpoint (never from the JVM-wide {@code javax.net.ssl.*}
 * properties), since several stacks with different keys share the JVM. A bad value is refused naming its key.
 */
record TlsSettings(int port, String keyStore, String keyStorePassword, String trustStore, String trustStorePassword,
        ClientAuth clientAuth, List<String> protocols, boolean verifyHost) {

    /** What a TLS server asks of its clients ({@code tls.client.auth}). */
    enum ClientAuth { NONE, WANT, NEED }

    static final TlsSettings OFF = new TlsSettings(0, "", "", "", "", ClientAuth.NONE, List.of("TLSv1.3", "TLSv1.2"), true);

    boolean enabled() {
        return port > 0;
    }

    static TlsSettings from(SipEndpointConfig config) {
        int port = config.tls_port();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("tls.port must be 0 (disabled) or 1..65535, got " + port);
        }
        if (port == 0) {
            return OFF;
        }
        String keyStore = trim(config.tls_keystore());
        if (keyStore.isEmpty()) {
            throw new IllegalArgumentException("tls.keystore must name a key store file (PKCS12 or JKS) when tls.port is set");
        }
        String trustStore = trim(config.tls_truststore());
        ClientAuth auth;
        try {
            auth = ClientAuth.valueOf(trim(config.tls_client_auth()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tls.client.auth must be none, want or need, got '" + config.tls_client_auth() + "'", e);
        }
        List<String> protocols = Arrays.stream(trim(config.tls_protocols()).split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        for (String p : protocols) {
            if (!p.equals("TLSv1.2") && !p.equals("TLSv1.3")) {
                throw new IllegalArgumentException("tls.protocols may name TLSv1.2 and TLSv1.3 only, got '" + p + "'");
            }
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("tls.protocols names no protocol");
        }
        return new TlsSettings(port, keyStore, nullToEmpty(config.tls_keystore_password()), trustStore,
                nullToEmpty(config.tls_truststore_password()), auth, Collections.unmodifiableList(protocols),
                config.tls_verify_host());
    }

    /**
     * Loads the stores and builds the context; a file missing or unreadable, a wrong password or a key store with
     * no private key is refused naming the key. Without a trust store the JVM's default CAs are trusted.
     */
    SSLContext context() {
        try {
            KeyStore keys = load("tls.keystore", keyStore, keyStorePassword);
            if (!hasPrivateKey(keys)) {
                throw new IllegalArgumentException("tls.keystore " + keyStore + " holds no private key (a certificate alone cannot serve TLS)");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            try {
                kmf.init(keys, keyStorePassword.toCharArray());
            } catch (UnrecoverableKeyException e) {
                throw new IllegalArgumentException("tls.keystore.password does not open the private key of " + keyStore
                        + " (the key's password must be the store's)", e);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore.isEmpty() ? null : load("tls.truststore", trustStore, trustStorePassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS context of tls.keystore " + keyStore + " cannot be built: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String key, String file, String password) throws GeneralSecurityException {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(key + " " + file + " does not exist or cannot be read");
        }
        // PKCS12 first (keytool's default since Java 9), then JKS
        GeneralSecurityException last = null;
        for (String type : List.of("PKCS12", "JKS")) {
            try (InputStream in = Files.newInputStream(path)) {
                KeyStore store = KeyStore.getInstance(type);
                store.load(in, password.toCharArray());
                return store;
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                    throw new IllegalArgumentException(key + ".password does not open " + file, e);
                }
                last = new GeneralSecurityException(e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException(key + " " + file + " is not a PKCS12 or JKS key store: " + (last == null ? "" : last.getMessage()), last);
    }

    private static boolean hasPrivateKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the listening point must be rebuilt (port or stores changed). */
    boolean sameListenPoint(TlsSettings other) {
        return equals(other);
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        // never the passwords
        return "TLS port " + port + " keystore " + keyStore + " truststore " + (trustStore.isEmpty() ? "(JVM default CAs)" : trustStore)
                + " client.auth " + clientAuth.name().toLowerCase(Locale.ROOT) + " protocols " + protocols
                + (verifyHost ? "" : " (server host names not verified)");
    }
}
