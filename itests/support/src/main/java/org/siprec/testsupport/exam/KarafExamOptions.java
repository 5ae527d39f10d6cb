package org.siprec.testsupport.exam;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.siprec.testsupport.sip.SipOptions;

/**
 * The Pax Exam configuration that boots the project's own Karaf distribution (karaf-dist's tar.gz) for an
 * in-container test class:
 * <pre>{@code
 * @Configuration
 * public Option[] config() {
 *     return KarafExamOptions.siprecDistribution();
 * }
 * }</pre>
 * The distribution runs offline on its own configuration (SIP on 5060, embedded SRS on 5090: never two of these
 * Karafs at once), with ssh on {@value #SSH_PORT} and the test libraries Awaitility, Hamcrest and this module
 * (for {@link SipOptions}) installed. Needs the system properties the itests pom sets: {@code siprec.version},
 * {@code karaf.version}, {@code siprec.build.dir} and {@code org.ops4j.pax.url.mvn.localRepository}.
 */
public final class KarafExamOptions {

    /** ssh port of the Karaf under test: apart from a distribution started by hand (8101) or the black-box tests. */
    public static final String SSH_PORT = "18101";
    /** HTTP port (/metrics, /health) of the Karaf under test: apart from the distribution's 8181 and the black-box tests' 8191. */
    public static final String HTTP_PORT = System.getProperty("siprec.exam.http.port", "18181");

    private KarafExamOptions() {
    }

    /** The distribution, plus any options of the test class. */
    public static Option[] siprecDistribution(Option... extra) {
        String localRepository = required("org.ops4j.pax.url.mvn.localRepository");
        File unpack = new File(required("siprec.build.dir"), "exam");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.siprec", "siprec-karaf-dist").version(required("siprec.version"))
                                .type("tar.gz"))
                        .karafVersion(required("karaf.version"))
                        .name("siprec-karaf-dist")
                        .unpackDirectory(unpack)
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                // offline: bundles come from system/ and, for Pax Exam's own, from the build's local repository
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        localRepository),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
                // the distribution has no JMX/RMI; SIP stays on the configured 5060
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", SSH_PORT),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", HTTP_PORT),
                // the same port for in-container code that reads HTTP_PORT
                editConfigurationFilePut("etc/system.properties", "siprec.exam.http.port", HTTP_PORT),
                // test-only libraries, taken from the test class path
                bundle(locationOf(org.awaitility.Awaitility.class)),
                bundle(locationOf(org.hamcrest.collection.ArrayMatching.class)), // hamcrest 2.x, which Awaitility imports
                bundle(locationOf(SipOptions.class))));
        options.addAll(List.of(extra));
        return options.toArray(new Option[0]);
    }

    /** A system property the build must set; fails with a message naming it when it is missing. */
    public static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run the tests with Maven)");
        }
        return value;
    }

    /**
     * The bundle location of the jar (or, in a build that stopped before packaging, the class folder with its bnd
     * manifest, installed by reference) that holds this class.
     */
    public static String locationOf(Class<?> type) {
        URL location = type.getProtectionDomain().getCodeSource().getLocation();
        return location.toString().endsWith("/") ? "reference:" + location : location.toString();
    }
}
