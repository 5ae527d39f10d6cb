package org.siprec.directory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.siprec.api.directory.Company;
import org.siprec.api.directory.DirectoryData;
import org.siprec.api.directory.DirectoryException;
import org.siprec.api.directory.FeatureCodes;
import org.siprec.api.directory.NumberRange;
import org.siprec.api.directory.OfficeHoursMode;
import org.siprec.api.directory.RecordingProfile;
import org.siprec.api.directory.Subscriber;
import org.siprec.api.directory.WhitelistMode;
import org.siprec.api.directory.WhitelistScope;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.Configs;

/**
 * The directory against a real database (H2 file in PostgreSQL mode, a real PostgreSQL server): provisioning,
 * normalisation, lookups from the snapshot, all-or-nothing imports with line and field errors, the snapshot swap
 * under concurrent lookups, and changes seen by another node sharing the database.
 */
abstract class AbstractDirectoryTest {
    static final Path BUILD = Path.of(System.getProperty("siprec.build.dir", "target"));
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final List<SiprecDatabase> opened = new ArrayList<>();
    private final List<JdbcDirectory> directories = new ArrayList<>();
    private Map<String, Object> database;
    JdbcDirectory dir;

    /** Configuration values ({@code org.siprec.db} keys) of a fresh, empty database. */
    abstract Map<String, Object> newDatabase(String name) throws Exception;

    /** Opens the database of {@link #newDatabase}. */
    abstract SiprecDatabase open(Map<String, Object> values) throws Exception;

    @BeforeEach
    void freshDirectory(TestInfo info) throws Exception {
        String name = "d_" + info.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "_");
        database = newDatabase(name);
        dir = directory(0);
    }

    @AfterEach
    void close() throws Exception {
        directories.forEach(JdbcDirectory::deactivate);
        for (SiprecDatabase db : opened) {
            TestDatabase.close(db);
        }
    }

    /** A directory component (a node) on the test's database, with its own pool. */
    JdbcDirectory directory(int refreshSeconds) throws Exception {
        SiprecDatabase db = open(database);
        opened.add(db);
        JdbcDirectory d = new JdbcDirectory(db, Configs.of(DirectoryConfig.class,
                Map.of("refresh.interval.s", refreshSeconds)));
        directories.add(d);
        return d;
    }

    Company acme() {
        return Company.of("acme", "ACME SA", PARIS, "33");
    }

    void provisionAcme() {
        dir.putCompany(acme().withOfficeHours(Fields.hours("mon-fri 09:00-12:00,14:00-18:00"))
                .withInternalRanges(List.of(NumberRange.parse("+33140001000..+33140001999"), NumberRange.parse("1*")))
                .withWhitelist(Set.of("06 12 34 56 78"), WhitelistMode.NEVER_RECORD_LISTED));
        dir.putSubscriber(Subscriber.of("alice", "acme", "Alice", RecordingProfile.BOTH)
                .withNumbers(List.of("01 40 00 12 34", "sip:Alice@Example.COM"))
                .withWhitelist(Set.of("+49 30 1234567")));
    }

    // --- provisioning and lookups -----------------------------------------------------------------------------

    @Test
    void aProvisionedUserIsFoundByAnyFormOfItsAddresses() {
        long before = dir.revision();
        provisionAcme();
        assertTrue(dir.revision() > before);
        Subscriber alice = dir.subscriber("Alice@example.com").orElseThrow();
        assertEquals(List.of("+33140001234"), alice.numbers(), "stored normalised");
        assertEquals(List.of("sip:Alice@example.com"), alice.aors());
        assertEquals(Set.of("+49301234567"), alice.whitelist());
        for (String form : List.of("+33140001234", "33140001234", "0033140001234", "tel:+33-1-40-00-12-34",
                "sip:+33140001234@ims.example.net;user=phone", "sip:0140001234@pbx.example.fr;user=phone",
                "01 40 00 12 34", "<sip:Alice@example.com;transport=tcp>")) {
            assertEquals(Optional.of("alice"), dir.subscriber(form).map(Subscriber::id), form);
        }
        assertEquals(Optional.empty(), dir.subscriber("+33140001235"));
        assertEquals(Optional.empty(), dir.subscriber("sip:bob@example.com"));
        assertEquals(Optional.empty(), dir.subscriber("garbage;;@"));
        assertEquals(Optional.empty(), dir.subscriber(null));
        Company acme = dir.company("acme").orElseThrow();
        assertEquals(Set.of("+33612345678"), acme.whitelist());
        assertTrue(acme.internal("+33140001500"));
        assertTrue(acme.internal("1234"));
        assertFalse(acme.internal("+33140002000"));
        assertEquals(Optional.of("1234"), dir.normalise("sip:1234@pbx", Optional.of(acme)));
        assertEquals(Optional.of("+33612345678"), dir.normalise("06 12 34 56 78", Optional.of(acme)));
        assertEquals(Optional.empty(), dir.normalise("06 12 34 56 78", Optional.empty()));
        assertEquals(Optional.empty(), dir.normalise("sip:alice@example.com", Optional.of(acme)));
    }

    @Test
    void aNationalFormIsReadWithTheCompanyItBelongsToAndAmbiguityAnswersNobody() {
        dir.putCompany(acme());
        dir.putCompany(Company.of("gmbh", "GmbH", ZoneId.of("Europe/Berlin"), "49"));
        dir.putSubscriber(Subscriber.of("paul", "acme", "", RecordingProfile.BOTH).withNumbers(List.of("01 23 45 67 89")));
        dir.putSubscriber(Subscriber.of("hans", "gmbh", "", RecordingProfile.BOTH).withNumbers(List.of("0123 456789")));
        // 0123456789 is +33123456789 in France and +49123456789 in Germany: both exist
        assertEquals(Optional.empty(), dir.subscriber("0123456789"));
        assertEquals(Optional.of("paul"), dir.subscriber("0123456789", dir.company("acme")).map(Subscriber::id));
        assertEquals(Optional.of("hans"), dir.subscriber("0123456789", dir.company("gmbh")).map(Subscriber::id));
        assertEquals(Optional.of("hans"), dir.subscriber("+49 123 456789").map(Subscriber::id));
    }

    @Test
    void whitelistsOfEachScopeAreKeptNormalised() {
        provisionAcme();
        assertEquals("+33612345679", dir.addWhitelist(WhitelistScope.COMPANY, "acme", "06 12 34 56 79"));
        assertEquals("+12125551234", dir.addWhitelist(WhitelistScope.USER, "alice", "+1 (212) 555-1234"));
        assertEquals("+33140009999", dir.addWhitelist(WhitelistScope.OPERATOR, null, "0033 1 40 00 99 99"));
        assertTrue(dir.operatorWhitelisted("tel:+33-1-40-00-99-99"));
        assertFalse(dir.operatorWhitelisted("+33140009998"));
        assertEquals(Set.of("+33612345678", "+33612345679"), dir.company("acme").orElseThrow().whitelist());
        assertEquals(Set.of("+12125551234", "+49301234567"), dir.subscriber("+33140001234").orElseThrow().whitelist());
        assertTrue(dir.removeWhitelist(WhitelistScope.OPERATOR, null, "+33140009999"));
        assertFalse(dir.removeWhitelist(WhitelistScope.OPERATOR, null, "+33140009999"));
        assertFalse(dir.operatorWhitelisted("+33140009999"));
        DirectoryException e = assertThrows(DirectoryException.class,
                () -> dir.addWhitelist(WhitelistScope.COMPANY, "nope", "+33612345678"));
        assertTrue(e.getMessage().contains("unknown company 'nope'"), e.getMessage());
        e = assertThrows(DirectoryException.class, () -> dir.addWhitelist(WhitelistScope.OPERATOR, null, "06 12"));
        assertEquals(Optional.of("number"), e.field());
    }

    @Test
    void officeHoursAndHolidaysAreHonouredInTheCompanysZoneAcrossDst() {
        provisionAcme();
        dir.setOfficeHours("acme", Fields.hours("mon-fri 09:00-18:00"));
        assertTrue(dir.addHoliday("acme", LocalDate.parse("2026-04-06")));
        assertFalse(dir.addHoliday("acme", LocalDate.parse("2026-04-06")));
        Company acme = dir.company("acme").orElseThrow();
        // Paris went to summer time (UTC+2) on Sunday 29 March 2026
        assertFalse(acme.inOfficeHours(Instant.parse("2026-03-27T07:30:00Z")), "Fri 08:30 in winter time");
        assertTrue(acme.inOfficeHours(Instant.parse("2026-03-27T08:30:00Z")), "Fri 09:30 in winter time");
        assertTrue(acme.inOfficeHours(Instant.parse("2026-03-30T07:30:00Z")), "Mon 09:30 in summer time");
        assertFalse(acme.inOfficeHours(Instant.parse("2026-03-30T16:30:00Z")), "Mon 18:30 in summer time");
        assertFalse(acme.inOfficeHours(Instant.parse("2026-04-06T09:00:00Z")), "Easter Monday, a holiday");
        assertFalse(acme.inOfficeHours(Instant.parse("2026-03-28T10:00:00Z")), "Saturday");
        assertTrue(dir.removeHoliday("acme", LocalDate.parse("2026-04-06")));
        assertTrue(dir.company("acme").orElseThrow().inOfficeHours(Instant.parse("2026-04-06T09:00:00Z")));
    }

    @Test
    void perCompanyPolicySettingsAreStored() {
        dir.putCompany(acme().withPolicies(Optional.of(false), Optional.of(OfficeHoursMode.RECORD_OUTSIDE))
                .withWhitelist(Set.of(), WhitelistMode.RECORD_ONLY_LISTED).withLanguage(Optional.of("fr")));
        Company c = dir.company("acme").orElseThrow();
        assertEquals(Optional.of(false), c.recordInternal());
        assertEquals(Optional.of(OfficeHoursMode.RECORD_OUTSIDE), c.officeHoursMode());
        assertEquals(WhitelistMode.RECORD_ONLY_LISTED, c.whitelistMode());
        assertEquals(Optional.of("fr"), c.language());
        dir.putCompany(c.withPolicies(Optional.empty(), Optional.empty()));
        assertEquals(Optional.empty(), dir.company("acme").orElseThrow().recordInternal());
    }

    @Test
    void featureCodesOfCompaniesAndUsersAreStoredImportedAndExported() throws Exception {
        provisionAcme();
        dir.putCompany(dir.company("acme").orElseThrow().withFeatureCodes(FeatureCodes.parse("start=*71,stop=*72")));
        dir.putSubscriber(dir.subscriber("+33140001234").orElseThrow().withFeatureCodes(FeatureCodes.parse("off")));
        assertEquals("start=*71,stop=*72", dir.company("acme").orElseThrow().featureCodes().toString());
        assertEquals(FeatureCodes.parse("off"), dir.subscriber("+33140001234").orElseThrow().featureCodes());
        assertEquals(FeatureCodes.parse("off"), directory(0).subscriber("+33140001234").orElseThrow().featureCodes(),
                "read back from the database");

        DirectoryData data = dir.exportData();
        String csv = Formats.writeCsv(data);
        assertTrue(csv.contains(",\"start=*71,stop=*72\"\n"), csv);
        dir.apply(Formats.readCsv(new StringReader(csv)), true);
        assertEquals(data, dir.exportData(), csv);
        String json = Formats.writeJson(data);
        assertTrue(json.contains("\"feature_codes\" : \"off\""), json);
        dir.apply(Formats.readJson(new StringReader(json)), true);
        assertEquals(data, dir.exportData(), json);
        // back to nothing set: the configured defaults (company) and the company's (user) apply
        dir.putSubscriber(dir.subscriber("+33140001234").orElseThrow().withFeatureCodes(FeatureCodes.INHERIT));
        assertTrue(directory(0).subscriber("+33140001234").orElseThrow().featureCodes().inherits());

        DirectoryException e = assertThrows(DirectoryException.class, () -> Formats.readCsv(new StringReader(
                "user,bob,acme,Bob,both,,,,start=*x\n")));
        assertEquals(Optional.of("feature_codes"), e.field(), e.getMessage());
        assertTrue(e.getMessage().contains("start may hold only 0-9 * # A-D, got '*x'"), e.getMessage());
    }

    // --- bad input changes nothing ----------------------------------------------------------------------------

    @Test
    void badProvisioningIsRefusedNamingTheFieldAndChangesNothing() {
        provisionAcme();
        long revision = dir.revision();
        DirectoryData before = dir.exportData();
        assertRefused("company", "unknown company 'nope'",
                () -> dir.putSubscriber(Subscriber.of("bob", "nope", "", RecordingProfile.BOTH)));
        assertRefused("numbers", "not a telephone number", () -> dir.putSubscriber(
                Subscriber.of("bob", "acme", "", RecordingProfile.BOTH).withNumbers(List.of("+33140001299", "01-ABC"))));
        assertRefused("numbers", "+33140001234 already belongs to user alice", () -> dir.putSubscriber(
                Subscriber.of("bob", "acme", "", RecordingProfile.BOTH).withNumbers(List.of("+33 1 40 00 12 34"))));
        assertRefused("numbers", "extension", () -> dir.putSubscriber(
                Subscriber.of("bob", "acme", "", RecordingProfile.BOTH).withNumbers(List.of("1234"))));
        assertRefused("whitelist", "not an E.164 number", () -> dir.putCompany(Company.of("x", "", PARIS, "33")
                .withWhitelist(Set.of("+33612345678", "0612"), WhitelistMode.NEVER_RECORD_LISTED)));
        assertRefused("company", "still has 1 users", () -> dir.removeCompany("acme", false));
        assertRefused("number", "already belongs to user alice", () -> {
            dir.putSubscriber(Subscriber.of("bob", "acme", "", RecordingProfile.BOTH));
            dir.addAddress("bob", "sip:Alice@EXAMPLE.com");
        });
        dir.removeSubscriber("bob");
        assertRefused("company", "unknown company", () -> dir.setOfficeHours("nope", Fields.hours("mon 09:00-10:00")));
        assertEquals(before, dir.exportData());
        assertTrue(dir.revision() > revision, "the user bob was added and removed");
        assertTrue(dir.removeCompany("acme", true));
        assertEquals(List.of(), dir.exportData().subscribers());
        assertEquals(Optional.empty(), dir.subscriber("+33140001234"), "the snapshot follows at once");
    }

    private static void assertRefused(String field, String message, Runnable change) {
        DirectoryException e = assertThrows(DirectoryException.class, change::run);
        assertEquals(Optional.of(field), e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    // --- imports ----------------------------------------------------------------------------------------------

    static final String CSV = """
            # a comment, then a blank line

            company,acme,"ACME, SA",Europe/Paris,33,fr,never-record-listed,false,inside,"mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00",2026-12-25|2026-01-01,+33140001000..+33140001999|1000..1999,06 12 34 56 78
            company,gmbh,GmbH,Europe/Berlin,49,de,record-only-listed,,,mon-fri 08:00-17:00,,030 123*,+49 30 9999999
            user,alice,acme,Alice,both,01 40 00 12 34|sip:alice@example.com,+49 30 1234567,
            user,bob,acme,Bob,originating,01 40 00 12 35,,en
            user,hans,gmbh,Hans,terminating,030 1234567,,
            operator-whitelist,+33 800 00 00 00
            """;

    @Test
    void aCsvImportProvisionsEverythingAndExportsBackTheSame() throws Exception {
        int[] counts = dir.apply(Formats.readCsv(new StringReader(CSV)), false);
        assertEquals(List.of(2, 3, 1), List.of(counts[0], counts[1], counts[2]));
        Company acme = dir.company("acme").orElseThrow();
        assertEquals("ACME, SA", acme.name());
        assertEquals("mon-fri 09:00-12:00,14:00-18:00; sat 09:00-12:00", Fields.hoursText(acme.officeHours()));
        assertEquals(Optional.of(false), acme.recordInternal());
        assertEquals(Optional.of(OfficeHoursMode.RECORD_INSIDE), acme.officeHoursMode());
        assertEquals(Set.of(LocalDate.parse("2025-12-25").plusYears(1), LocalDate.parse("2026-01-01")), acme.holidays());
        assertTrue(acme.internal("1500"));
        Company gmbh = dir.company("gmbh").orElseThrow();
        assertTrue(gmbh.internal("+49301231234"), gmbh.internalRanges().toString());
        assertEquals(WhitelistMode.RECORD_ONLY_LISTED, gmbh.whitelistMode());
        assertEquals(RecordingProfile.TERMINATING, dir.subscriber("030 1234567", Optional.of(gmbh)).orElseThrow().profile());
        assertEquals(Optional.of("en"), dir.subscriber("+33140001235").orElseThrow().language());
        assertTrue(dir.operatorWhitelisted("+33800000000"));

        DirectoryData data = dir.exportData();
        String csv = Formats.writeCsv(data);
        String json = Formats.writeJson(data);
        dir.apply(Formats.readCsv(new StringReader(csv)), true);
        assertEquals(data, dir.exportData(), csv);
        dir.apply(Formats.readJson(new StringReader(json)), true);
        assertEquals(data, dir.exportData(), json);
    }

    @Test
    void theApisReadAndWriteSpeakTheImportFormatsAndChangeNothing() throws Exception {
        dir.apply(Formats.readCsv(new StringReader(CSV)), false);
        DirectoryData data = dir.exportData();
        long revision = dir.revision();
        for (org.siprec.api.directory.DirectoryFormat f : org.siprec.api.directory.DirectoryFormat.values()) {
            String text = dir.write(data, f);
            assertEquals(f == org.siprec.api.directory.DirectoryFormat.JSON ? Formats.writeJson(data)
                    : Formats.writeCsv(data), text);
            DirectoryData read = dir.read(new StringReader(text), f);
            assertEquals(data.companies(), read.companies(), text);
            assertEquals(data.operatorWhitelist(), read.operatorWhitelist(), text);
            assertEquals(data.subscribers().stream().map(Subscriber::id).toList(),
                    read.subscribers().stream().map(Subscriber::id).toList(), text);
        }
        // one company as the portal sends it: parsed like an import line, national range bounds read with its code
        DirectoryData one = dir.read(new StringReader("{\"companies\": [{\"id\": \"beta\", \"zone\": \"Europe/Paris\","
                + " \"country_code\": \"33\", \"office_hours\": \"mon-fri 09:00-18:00\", \"internal_ranges\": [\"01 40 00*\"]}]}"),
                org.siprec.api.directory.DirectoryFormat.JSON);
        assertEquals("mon-fri 09:00-18:00", Fields.hoursText(one.companies().get(0).officeHours()));
        assertTrue(one.companies().get(0).internal("+33140001234"));
        DirectoryException e = assertThrows(DirectoryException.class, () -> dir.read(new StringReader(
                "{\"companies\": [{\"id\": \"beta\", \"zone\": \"Europe/Pariss\", \"country_code\": \"33\"}]}"),
                org.siprec.api.directory.DirectoryFormat.JSON));
        assertEquals("line 1: field zone: unknown time zone 'Europe/Pariss' (a region such as Europe/Paris,"
                + " America/New_York)", e.getMessage());
        assertEquals(revision, dir.revision(), "reading changes nothing");
        assertEquals(Optional.empty(), dir.company("beta"));
    }

    @Test
    void aBadCsvLineIsNamedWithItsFieldAndTheImportChangesNothing() throws Exception {
        provisionAcme();
        DirectoryData before = dir.exportData();
        long revision = dir.revision();
        String good = "company,beta,Beta,Europe/Paris,33\nuser,carol,beta,Carol,both,01 40 00 55 55\n";
        assertImportRefused(good + "user,dave,nope,Dave,both,01 40 00 55 56\n", 3, "company", "unknown company 'nope'");
        assertImportRefused(good + "user,dave,beta,Dave,both,01 40 00 55 5X\n", 3, "numbers", "not a telephone number");
        assertImportRefused(good + "user,dave,beta,Dave,both,01 40 00 12 34\n", 3, "numbers", "already belongs to user alice");
        assertImportRefused(good + "user,dave,beta,Dave,both,01 40 00 55 55\n", 3, "numbers", "already belongs to user carol");
        assertImportRefused(good + "company,gamma,Gamma,Europe/Pariss,33\n", 3, "zone", "unknown time zone 'Europe/Pariss'");
        assertImportRefused(good + "company,gamma,Gamma,Europe/Paris,33,,,,,mon 12:00-09:00\n", 3, "office_hours", "inverted");
        assertImportRefused(good + "company,gamma,Gamma,Europe/Paris,33,,,,,mon 09:00-12:00; mon-fri 11:00-13:00\n", 3,
                "office_hours", "MONDAY: intervals 09:00-12:00 and 11:00-13:00 overlap");
        assertImportRefused(good + "company,gamma,Gamma,Europe/Paris,033\n", 3, "country_code", "country code '033'");
        assertImportRefused(good + "company,gamma,Gamma,Europe/Paris,33,,sometimes\n", 3, "whitelist_mode", "unknown whitelist mode");
        assertImportRefused(good + "company,gamma,Gamma,Europe/Paris,33,,,,,,2026-02-30\n", 3, "holidays", "not a date");
        assertImportRefused(good + "company,gamma,Gamma,Europe/Paris,33,,,,,,,1999..1000\n", 3, "internal_ranges", "inverted");
        assertImportRefused(good + "user,dave,beta,Dave,sometimes\n", 3, "profile", "unknown recording profile");
        assertImportRefused(good + "person,dave\n", 3, "type", "unknown line type 'person'");
        assertImportRefused(good + "company,beta,Beta again,Europe/Paris,33\n", 3, "id", "company beta is given twice (first on line 1)");
        assertImportRefused(good + "operator-whitelist,0800\n", 3, "number", "national number");
        assertEquals(before, dir.exportData());
        assertEquals(revision, dir.revision(), "nothing committed");
        assertEquals(Optional.empty(), dir.subscriber("+33140005555"));
    }

    @Test
    void aBadJsonItemIsNamedWithItsLineAndFieldAndTheImportChangesNothing() throws Exception {
        provisionAcme();
        DirectoryData before = dir.exportData();
        String json = """
                {
                  "companies": [
                    {"id": "beta", "name": "Beta", "zone": "Europe/Paris", "country_code": "33",
                     "office_hours": "mon-fri 09:00-18:00", "holidays": ["2026-12-25"]}
                  ],
                  "users": [
                    {"id": "carol", "company": "beta", "numbers": ["01 40 00 55 55"]},
                    {"id": "dave", "company": "beta",
                     "numbers": ["01 40 00 55 56", "sip:@example.com"]}
                  ],
                  "operator_whitelist": ["+33800000000"]
                }
                """;
        DirectoryException e = assertThrows(DirectoryException.class,
                () -> dir.apply(Formats.readJson(new StringReader(json)), false));
        assertEquals(8, e.line().orElse(0), "the line where the user starts: " + e.getMessage());
        assertEquals(Optional.of("numbers"), e.field(), e.getMessage());
        e = assertThrows(DirectoryException.class, () -> Formats.readJson(new StringReader(
                "{\"companies\": [\n {\"id\": \"x\", \"zone\": \"Mars/Olympus\", \"country_code\": \"33\"}]}")));
        assertEquals(2, e.line().orElse(0));
        assertEquals(Optional.of("zone"), e.field());
        e = assertThrows(DirectoryException.class, () -> Formats.readJson(new StringReader(
                "{\"users\": [\n {\"id\": \"x\",\n \"comapny\": \"acme\"}]}")));
        assertEquals(3, e.line().orElse(0));
        assertEquals(Optional.of("comapny"), e.field());
        e = assertThrows(DirectoryException.class, () -> Formats.readJson(new StringReader("{\"users\": [\n {\"id\": }")));
        assertEquals(2, e.line().orElse(0));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertEquals(before, dir.exportData());
        // the same file without the bad AOR goes in whole
        dir.apply(Formats.readJson(new StringReader(json.replace(", \"sip:@example.com\"", ""))), false);
        assertEquals(Optional.of("dave"), dir.subscriber("+33140005556").map(Subscriber::id));
        assertTrue(dir.operatorWhitelisted("+33800000000"));
    }

    private void assertImportRefused(String csv, int line, String field, String message) throws Exception {
        DirectoryException e = assertThrows(DirectoryException.class,
                () -> dir.apply(Formats.readCsv(new StringReader(csv)), false), csv);
        assertEquals(line, e.line().orElse(0), e.getMessage());
        assertEquals(Optional.of(field), e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().startsWith("line " + line + ": field " + field + ": "), e.getMessage());
    }

    @Test
    void aReplacingImportLeavesExactlyTheFile() throws Exception {
        provisionAcme();
        dir.apply(Formats.readCsv(new StringReader("company,beta,Beta,Europe/Paris,33\n")), true);
        assertEquals(Optional.empty(), dir.company("acme"));
        assertEquals(Optional.empty(), dir.subscriber("+33140001234"));
        assertEquals(1, dir.exportData().companies().size());
    }

    // --- the snapshot -----------------------------------------------------------------------------------------

    @Test
    void lookupsDuringChangesSeeOneWholeSnapshotOrTheNext() throws Exception {
        provisionAcme();
        dir.putSubscriber(Subscriber.of("bob", "acme", "Bob", RecordingProfile.NEVER));
        dir.addAddress("alice", "+33140007777");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong lookups = new AtomicLong();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                long lastRevision = 0;
                while (!stop.get()) {
                    long revision = dir.revision();
                    Optional<Subscriber> owner = dir.subscriber("+33 1 40 00 77 77");
                    // the number moves between alice and bob in one import: it always has exactly one owner
                    if (owner.isEmpty()) {
                        failure.compareAndSet(null, "no owner at revision " + revision);
                    }
                    if (revision < lastRevision) {
                        failure.compareAndSet(null, "revision went back from " + lastRevision + " to " + revision);
                    }
                    lastRevision = revision;
                    lookups.incrementAndGet();
                }
            }, "reader-" + i);
            t.start();
            readers.add(t);
        }
        started.await();
        long firstRevision = dir.revision();
        for (int i = 0; i < 30; i++) {
            String to = i % 2 == 0 ? "bob" : "alice";
            String from = i % 2 == 0 ? "alice" : "bob";
            Subscriber giver = dir.snapshot().subscribers.get(from);
            Subscriber taker = dir.snapshot().subscribers.get(to);
            List<String> giverNumbers = new ArrayList<>(giver.numbers());
            giverNumbers.remove("+33140007777");
            List<String> takerNumbers = new ArrayList<>(taker.numbers());
            takerNumbers.add("+33140007777");
            List<String> aors = new ArrayList<>(giver.aors());
            // the giver first: its number is free when the taker is written
            dir.importData(new DirectoryData(List.of(), List.of(giver.withNumbers(giverNumbers).withAors(aors),
                    taker.withNumbers(takerNumbers)), Set.of()), false);
            assertEquals(Optional.of(to), dir.subscriber("+33140007777").map(Subscriber::id), "at once after the change");
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join(10_000);
        }
        assertEquals(null, failure.get());
        assertEquals(firstRevision + 30, dir.revision());
        assertTrue(lookups.get() > 1000, lookups.get() + " lookups");
    }

    @Test
    void anotherNodesChangesArriveByTheRevisionCheckAndByReload() throws Exception {
        provisionAcme();
        JdbcDirectory other = directory(1);
        JdbcDirectory manual = directory(0);
        assertEquals(Optional.of("alice"), other.subscriber("+33140001234").map(Subscriber::id));
        assertTrue(dir.removeAddress("01 40 00 12 34"));
        assertEquals(Optional.empty(), dir.subscriber("+33140001234"), "this node: at once");
        assertEquals(Optional.of("alice"), manual.subscriber("+33140001234").map(Subscriber::id), "no refresh");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (other.subscriber("+33140001234").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(Optional.empty(), other.subscriber("+33140001234"), "the other node within its refresh");
        assertEquals(dir.revision(), other.revision());
        manual.reload();
        assertEquals(Optional.empty(), manual.subscriber("+33140001234"));
        assertNotEquals(0, manual.revision());
    }

    @Test
    void lookupsGoOnFromMemoryWhenTheDatabaseIsGoneAndChangesAreRefused() throws Exception {
        provisionAcme();
        long revision = dir.revision();
        TestDatabase.close(opened.get(0)); // the pool of dir: closed, as when the database goes away
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertEquals(Optional.of("alice"), dir.subscriber("+33140001234").map(Subscriber::id));
        }
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "1000 lookups from memory");
        DirectoryException e = assertThrows(DirectoryException.class, () -> dir.removeSubscriber("alice"));
        assertTrue(e.getMessage().startsWith("database: "), e.getMessage());
        assertEquals(revision, dir.revision());
        assertEquals(Optional.of("alice"), dir.subscriber("sip:Alice@example.com").map(Subscriber::id));
    }

    @Test
    void theSchemaIsMigratedOnceAndADirectoryRestartsFromTheDatabase() throws Exception {
        provisionAcme();
        JdbcDirectory restarted = directory(0);
        assertEquals(dir.exportData(), restarted.exportData());
        assertEquals(Optional.of("alice"), restarted.subscriber("sip:Alice@EXAMPLE.com").map(Subscriber::id));
        assertEquals(dir.revision(), restarted.revision());
    }

    static Path folder(String name) throws Exception {
        return Files.createDirectories(BUILD.resolve(name));
    }
}
