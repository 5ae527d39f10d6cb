package org.siprec.itests.blackbox;

import java.time.Duration;
import java.util.function.Consumer;

import org.junit.rules.ExternalResource;
import org.siprec.testsupport.Tools;

/**
 * One Karaf per test class: {@code @ClassRule public static final KarafResource KARAF = new KarafResource(MyTest.class);}
 * Copies the distribution, applies the config edits, starts it, and stops it after the class.
 */
public final class KarafResource extends ExternalResource {

    /** Generous: a cold start on a loaded 2-core machine, plus the first OPTIONS. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("siprec.karaf.start.timeout", 120));

    private final String name;
    private final Consumer<KarafProcess> configure;
    private KarafProcess karaf;

    public KarafResource(Class<?> testClass) {
        this(testClass, k -> { });
    }

    public KarafResource(Class<?> testClass, Consumer<KarafProcess> configure) {
        this.name = testClass.getSimpleName();
        this.configure = configure;
    }

    @Override
    protected void before() {
        // every black-box test drives SIPp: without it the class fails here (never skipped), before Karaf starts
        Tools.sipp();
        karaf = KarafProcess.copyOfDistribution(name);
        // ports of their own (SIP, relay, ssh), so that a Karaf started elsewhere on this machine cannot interfere
        karaf.config("org.siprec.sip", "listen.address", KarafProcess.SIP_HOST)
                .config("org.siprec.sip", "udp.port", Integer.toString(KarafProcess.SIP_PORT))
                .config("org.siprec.sip", "tcp.port", Integer.toString(KarafProcess.SIP_PORT))
                .config("org.siprec.media", "port.min", Integer.toString(RtpCapture.RELAY_MIN))
                .config("org.siprec.media", "port.max", Integer.toString(RtpCapture.RELAY_MAX))
                .config("org.apache.karaf.shell", "sshPort", Integer.getInteger("siprec.blackbox.ssh.port", 8102).toString())
                .config("org.ops4j.pax.web", "org.osgi.service.http.port", Integer.toString(KarafProcess.HTTP_PORT))
                .config("org.siprec.src", "trusted.peers", "127.0.0.1");
        configure.accept(karaf);
        long t0 = System.nanoTime();
        karaf.start(START_TIMEOUT);
        System.out.printf("[blackbox] %s: Karaf up (OPTIONS answered) in %d ms, pid %d, home %s%n",
                name, (System.nanoTime() - t0) / 1_000_000, karaf.pid(), karaf.home());
    }

    @Override
    protected void after() {
        if (karaf != null) {
            karaf.close();
        }
    }

    public KarafProcess karaf() {
        return karaf;
    }
}
