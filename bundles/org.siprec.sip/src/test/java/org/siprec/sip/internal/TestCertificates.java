package org.siprec.sip.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key and trust stores made by the JDK's keytool for a test, never committed: a CA, a server certificate it signs
 * with subjectAltName IP:127.0.0.1 (the same commands docs/security.md gives operators), and a trust store with the
 * CA's certificate.
 */
final class TestCertificates {
    static final String PASSWORD = "changeit";

    final Path keyStore;
    final Path trustStore;

    private TestCertificates(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /**
     * A self-signed certificate for {@code san} that no trust store of the test holds (a peer of an unknown CA);
     * its trust store is its own key store.
     */
    static TestCertificates selfSigned(Path dir, String name, String san) throws Exception {
        Path server = dir.resolve(name + "-self.p12");
        keytool("-genkeypair", "-alias", "sip", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name + " SIP",
                "-ext", "san=" + san, "-validity", "2", "-keystore", server.toString(), "-storepass", PASSWORD);
        return new TestCertificates(server, server);
    }

    /**
     * A server certificate {@code name} for {@code san}, signed by the CA {@code caName} (made on first use); the
     * trust store holds that CA's certificate.
     */
    static TestCertificates create(Path dir, String caName, String name, String san) throws Exception {
        Path ca = dir.resolve(caName + "-ca.p12");
        Path caCert = dir.resolve(caName + "-ca.crt");
        Path trust = dir.resolve(caName + "-trust.p12");
        if (!Files.exists(ca)) {
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + caName + " test CA",
                    "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storepass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD, "-file", caCert.toString());
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", trust.toString(), "-storepass", PASSWORD);
        }
        Path server = dir.resolve(name + "-server.p12");
        Path csr = dir.resolve(name + "-server.csr");
        Path serverCert = dir.resolve(name + "-server.crt");
        keytool("-genkeypair", "-alias", "sip", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name + " SIP",
                "-validity", "2", "-keystore", server.toString(), "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "sip", "-keystore", server.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD, "-infile", csr.toString(),
                "-outfile", serverCert.toString(), "-rfc", "-validity", "2", "-ext", "san=" + san, "-ext", "eku=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", server.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-alias", "sip", "-file", serverCert.toString(), "-keystore", server.toString(), "-storepass", PASSWORD);
        return new TestCertificates(server, trust);
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("keytool not found at " + keytool + " (a full JDK 17 is needed, Debian package openjdk-17-jdk-headless)");
        }
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        // a short-lived JVM: no optimizing compiler, the smallest collector (about half the start-up time)
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
