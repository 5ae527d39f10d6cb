package org.siprec.itests.blackbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Key stores made by the JDK's keytool for a test run, never committed: a test CA, a certificate it signs for
 * subjectAltName IP:127.0.0.1 (the commands docs/security.md gives operators), a trust store with the CA, and a
 * self-signed "rogue" certificate for 127.0.0.1 that the trust store does not vouch for.
 */
final class TlsKeys {
    static final String PASSWORD = "changeit";

    final Path keyStore;
    final Path trustStore;
    final Path rogueKeyStore;

    private TlsKeys(Path dir) {
        this.keyStore = dir.resolve("sip.p12");
        this.trustStore = dir.resolve("trust.p12");
        this.rogueKeyStore = dir.resolve("rogue.p12");
    }

    static TlsKeys create(Path dir) {
        TlsKeys keys = new TlsKeys(dir);
        try {
            KarafProcess.deleteTree(dir);
            Files.createDirectories(dir);
            Path ca = dir.resolve("ca.p12");
            Path caCert = dir.resolve("ca.crt");
            Path csr = dir.resolve("sip.csr");
            Path cert = dir.resolve("sip.crt");
            String ks = keys.keyStore.toString();
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=siprec test CA",
                    "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storepass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD, "-file", caCert.toString());
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", keys.trustStore.toString(),
                    "-storepass", PASSWORD);
            keytool("-genkeypair", "-alias", "sip", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=siprec SIP",
                    "-validity", "2", "-keystore", ks, "-storepass", PASSWORD);
            keytool("-certreq", "-alias", "sip", "-keystore", ks, "-storepass", PASSWORD, "-file", csr.toString());
            keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD, "-infile", csr.toString(),
                    "-outfile", cert.toString(), "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth,clientAuth");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", ks, "-storepass", PASSWORD);
            keytool("-importcert", "-alias", "sip", "-file", cert.toString(), "-keystore", ks, "-storepass", PASSWORD);
            keytool("-genkeypair", "-alias", "sip", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=rogue SIP",
                    "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", keys.rogueKeyStore.toString(), "-storepass", PASSWORD);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return keys;
    }

    /** A server-side TLS context with the rogue certificate. */
    SSLContext rogueContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(rogueKeyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(KarafProcess.java17Home(), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("keytool not found at " + keytool + " (Debian package openjdk-17-jdk-headless)");
        }
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
