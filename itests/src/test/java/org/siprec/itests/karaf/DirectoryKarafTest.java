package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.SubscriberDirectory;
import org.siprec.testsupport.exam.KarafExamOptions;

/**
 * The subscriber directory in the distribution: not installed by default (the default deployment records every call
 * with no directory); {@code feature:install siprec-directory} brings the {@link SubscriberDirectory} service up on
 * the embedded database; provisioning through the {@code siprec:*} shell commands and a CSV import is seen at once
 * by the service; bad input (unknown company, malformed number, a bad import line) is refused with the line and
 * field and changes nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DirectoryKarafTest {
    static final Duration STARTUP = Duration.ofSeconds(60);

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafExamOptions.siprecDistribution();
    }

    @Test
    public void theDirectoryIsProvisionedThroughTheShellAndAnsweredByItsService() throws Exception {
        assertNull("the directory is not part of the default deployment",
                context.getServiceReference(SubscriberDirectory.class));
        service(FeaturesService.class).installFeature("siprec-directory");
        SubscriberDirectory directory = service(SubscriberDirectory.class);
        await("siprec:company-add").atMost(STARTUP).until(() -> commandAvailable("siprec:company-add"));

        String out = execute("siprec:company-add --name \"ACME SA\" --zone Europe/Paris --country 33 acme");
        assertTrue(out, out.contains("Added company acme"));
        out = execute("siprec:hours-set acme \"mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00\"");
        assertTrue(out, out.contains("mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00"));
        out = execute("siprec:user-add --company acme --name Alice --profile originating alice \"01 40 00 12 34\""
                + " sip:alice@example.com");
        assertTrue(out, out.contains("Added user alice: +33140001234 sip:alice@example.com"));
        execute("siprec:whitelist-add --company acme \"06 12 34 56 78\"");
        execute("siprec:holiday-add acme 2026-12-25");

        Subscriber alice = directory.subscriber("tel:+33-1-40-00-12-34").orElseThrow();
        assertEquals("alice", alice.id());
        assertTrue(directory.company("acme").orElseThrow().whitelist().contains("+33612345678"));
        out = execute("siprec:user-show \"sip:0140001234@pbx;user=phone\"");
        assertTrue(out, out.contains("originating") && out.contains("acme"));
        out = execute("siprec:company-show acme");
        assertTrue(out, out.contains("Europe/Paris") && out.contains("2026-12-25") && out.contains("+33612345678"));

        // DTMF feature codes (docs/directory.md): the company's, a user's own, shown and refused by field
        execute("siprec:company-add --feature-codes \"start=*71,stop=*72\" acme");
        execute("siprec:user-add --feature-codes off alice");
        assertEquals("start=*71,stop=*72", directory.company("acme").orElseThrow().featureCodes().toString());
        assertEquals("off", directory.subscriber("+33140001234").orElseThrow().featureCodes().toString());
        out = execute("siprec:company-show acme");
        assertTrue(out, out.contains("start=*71,stop=*72"));
        assertRefused("siprec:user-add --feature-codes \"start=*x\" alice",
                "field feature-codes: start may hold only 0-9 * # A-D, got '*x'");

        long revision = directory.revision();
        assertRefused("siprec:user-add --company nope bob", "field company: unknown company 'nope'");
        assertRefused("siprec:user-add --company acme bob \"01 40 ZZ\"", "field numbers:");
        assertRefused("siprec:company-add --zone Europe/Pariss --country 33 beta", "unknown time zone 'Europe/Pariss'");
        assertRefused("siprec:hours-set acme \"mon 12:00-09:00\"", "inverted");

        Path csv = Path.of(System.getProperty("karaf.data"), "tmp", "directory-itest.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "company,beta,Beta,Europe/Berlin,49\n"
                + "user,hans,beta,Hans,both,030 1234567\n"
                + "user,otto,beta,Otto,both,030 12X\n", StandardCharsets.UTF_8);
        assertRefused("siprec:directory-import " + csv, "line 3: field numbers:");
        assertEquals("nothing changed", revision, directory.revision());
        assertEquals(Optional.empty(), directory.company("beta"));

        Files.writeString(csv, "company,beta,Beta,Europe/Berlin,49\n"
                + "user,hans,beta,Hans,terminating,030 1234567\n"
                + "operator-whitelist,+33 800 00 00 00\n", StandardCharsets.UTF_8);
        out = execute("siprec:directory-import " + csv);
        assertTrue(out, out.contains("1 companies, 1 users, 1 operator whitelist entries"));
        assertEquals("hans", directory.subscriber("+49301234567").orElseThrow().id());
        assertTrue(directory.operatorWhitelisted("0033800000000"));

        out = execute("siprec:directory-export");
        assertTrue(out, out.contains("user,alice,acme,Alice,originating,+33140001234|sip:alice@example.com"));
        assertTrue(out, out.contains("user,hans,beta,Hans,terminating,+49301234567"));
        out = execute("siprec:directory-lookup --company beta 030-1234567");
        assertTrue(out, out.contains("+49301234567") && out.contains("hans"));

        execute("siprec:user-remove hans");
        assertFalse(directory.subscriber("+49301234567").isPresent());
    }

    // ---------------------------------------------------------------------------------------------------------

    private void assertRefused(String command, String message) throws Exception {
        try {
            String out = execute(command);
            fail(command + " was accepted: " + out);
        } catch (Exception e) {
            assertTrue(command + ": " + e.getMessage(), String.valueOf(e.getMessage()).contains(message));
        }
    }

    private <S> S service(Class<S> type) {
        return InContainer.service(context, type);
    }

    private boolean commandAvailable(String name) {
        return InContainer.commandAvailable(context, name);
    }

    private String execute(String command) throws Exception {
        return InContainer.execute(context, command);
    }
}
