package org.siprec.itests.karaf;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.siprec.itests.karaf.InContainer.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.siprec.db.SiprecDatabase;
import org.siprec.testsupport.exam.KarafExamOptions;

/**
 * The recording catalogue in the distribution (boot feature {@code siprec-store}, embedded H2): a call recorded by
 * the embedded SRS ({@code siprec:test-call}) ends up as a {@code completed} row of {@code store.srs_recordings}
 * whose files carry the SHA-256 of the files on disk, the SRC's recording session is in
 * {@code store.src_recordings} with its decision, and its audit events in {@code store.audit_events};
 * {@code siprec:verify} reports OK, then ALTERED once the WAV is changed; {@code siprec:hold} sets and clears the
 * legal hold (audited); a bad retention value set through Config Admin gives an ERROR line naming its key.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StoreKarafTest {
    static final Duration STARTUP = Duration.ofSeconds(60);
    static final Duration CHANGE = Duration.ofSeconds(20);
    private static final Pattern RECORDING = Pattern.compile("Recording (\\S+) \\(");

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafExamOptions.siprecDistribution();
    }

    @Test
    public void aRecordedCallIsARowWithChecksumsThatVerifyCatchesAlteringTheFile() throws Exception {
        await("siprec:verify and siprec:test-call").atMost(STARTUP)
                .until(() -> commandAvailable("siprec:verify") && commandAvailable("siprec:test-call"));
        String call = execute("siprec:test-call --seconds 2");
        Matcher m = RECORDING.matcher(call);
        assertTrue(call, m.find());
        String id = m.group(1);

        SiprecDatabase db = service(SiprecDatabase.class);
        await("recording " + id + " completed in the catalogue").atMost(CHANGE)
                .until(() -> query(db, "SELECT state FROM store.srs_recordings WHERE id = ?", id), r -> r.equals(List.of("completed")));
        List<String> files = query(db, "SELECT path FROM store.srs_recording_files WHERE recording_id = ? ORDER BY position", id);
        List<String> sums = query(db, "SELECT sha256 FROM store.srs_recording_files WHERE recording_id = ? ORDER BY position", id);
        assertTrue(files.toString(), files.size() >= 2 && files.get(0).endsWith(id + ".wav"));
        for (int i = 0; i < files.size(); i++) {
            assertEquals(files.get(i), sha256(Path.of(files.get(i))), sums.get(i).trim());
        }
        assertEquals(List.of("2"), query(db, "SELECT COUNT(*) FROM store.srs_recording_parties WHERE recording_id = ?", id));

        // the SRC side: its recording session (with the SRS and the decision) and the call's audit trail
        await("the SRC's recording session in the catalogue").atMost(CHANGE).until(() -> query(db,
                "SELECT verdict FROM store.src_recordings WHERE srs LIKE ?", "%5090%"), r -> r.contains("RECORD"));
        await("the call's audit events (written in batches)").atMost(CHANGE).until(() -> query(db,
                "SELECT DISTINCT event FROM store.audit_events WHERE actor = ?", "src"), events -> events.contains(
                        "decision") && events.contains("recording.started") && events.contains("recording.stopped"));

        String ok = execute("siprec:verify " + id);
        assertTrue(ok, ok.contains("OK: 1 recording(s), " + files.size() + " file(s) checked, 0 missing, 0 altered"));

        Files.write(Path.of(files.get(0)), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        String altered = execute("siprec:verify");
        assertTrue(altered, altered.contains("ALTERED " + id + " " + files.get(0)));
        assertTrue(altered, altered.contains("FAILED: "));
        assertEquals(List.of("verify.problem"), query(db,
                "SELECT event FROM store.audit_events WHERE recording_id = ?", id));

        String held = execute("siprec:hold " + id);
        assertTrue(held, held.contains("Recording " + id + " is on legal hold"));
        assertEquals(List.of(id), query(db, "SELECT recording_id FROM store.legal_hold WHERE actor = ?", "shell"));
        String unknown = execute("siprec:hold no-such-recording");
        assertTrue(unknown, unknown.contains("Error: no recording no-such-recording in the catalogue"));
        assertTrue(execute("siprec:hold --clear " + id).contains("Legal hold of recording " + id + " cleared"));
        assertEquals(List.of("verify.problem", "hold.set", "hold.cleared"), query(db,
                "SELECT event FROM store.audit_events WHERE recording_id = ? ORDER BY id", id));

        // siprec:audit (issue 8: the trail queryable from the shell)
        String trail = execute("siprec:audit --recording " + id);
        assertTrue(trail, trail.indexOf("verify.problem") < trail.indexOf("hold.set")
                && trail.indexOf("hold.set") < trail.indexOf("hold.cleared") && trail.contains("shell"));
        String recent = execute("siprec:audit --since 1h");
        assertTrue(recent, recent.contains("decision") && recent.contains("recording.started") && recent.contains("src"));
        assertTrue(execute("siprec:audit --call no-such-call").contains("No audit event matches"));
        String bad = execute("siprec:audit --since yesterday");
        assertTrue(bad, bad.contains("Error: --since: 'yesterday' is neither an instant"));
    }

    @Test
    public void aBadRetentionValueIsRefusedWithAnErrorNamingItsKey() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class)
                .getConfiguration("org.siprec.store.retention", null);
        Dictionary<String, Object> original = config.getProperties();
        assertNotNull("etc/org.siprec.store.retention.cfg", original);
        Hashtable<String, Object> bad = new Hashtable<>();
        for (var keys = original.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            bad.put(key, original.get(key));
        }
        bad.put("retention.company", "acme");
        config.update(bad);
        try {
            Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
            await("ERROR line naming retention.company in " + log).atMost(CHANGE).until(() -> Files.readAllLines(log)
                    .stream().anyMatch(l -> l.contains("ERROR") && l.contains("key retention.company: 'acme' is not"
                            + " company=days")));
        } finally {
            config.update(original);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
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
