package org.siprec.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.siprec.testsupport.fuzz.Mutation;

/**
 * Property-based fuzzing of {@link MetadataReader}: a valid RFC 7865 document (and a document of the BroadWorks draft
 * dialect), garbled by up to six
 * {@link Mutation}s and optionally carrying a hostile prologue (DOCTYPE, external entity, billion laughs, external
 * DTD, parameter entity), is read or refused with a {@link MetadataException}; never another exception, and a
 * hostile prologue is always refused.
 */
class MetadataFuzzTest {
    private static final String[] HOSTILE = {
        "<!DOCTYPE recording [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
        "<!DOCTYPE recording [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>",
        "<!DOCTYPE recording SYSTEM \"http://127.0.0.1:1/x.dtd\">",
        "<!DOCTYPE recording [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/p\"> %p;]>",
        "<!DOCTYPE recording>",
    };
    private static String document;

    @BeforeContainer
    static void document() throws MetadataException {
        document = new MetadataWriter(true).writeString(Fixtures.call());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some(6);
    }

    @Property(tries = 1000, seed = "13101", shrinking = ShrinkingMode.BOUNDED)
    void garbledMetadataIsReadOrRefusedWithMetadataException(@ForAll("mutations") List<Mutation> mutations,
            @ForAll boolean asBytes) {
        String xml = Mutation.apply(document, mutations);
        try {
            RecordingMetadata read = asBytes ? new MetadataReader().read(xml.getBytes(UTF_8))
                    : new MetadataReader().read(xml);
            assertNotNull(read);
            net.jqwik.api.statistics.Statistics.collect("read");
        } catch (MetadataException e) {
            assertNotNull(e.getMessage());
            net.jqwik.api.statistics.Statistics.collect("refused");
        }
    }

    /** The draft dialect (BroadWorks {@code <recording_metadata>}) garbled: read or refused, with its deviations. */
    @Property(tries = 500, seed = "13103", shrinking = ShrinkingMode.BOUNDED)
    void garbledDraftDialectIsReadOrRefusedWithMetadataException(@ForAll("mutations") List<Mutation> mutations) {
        String xml = Mutation.apply(DraftDialectTest.BROADWORKS, mutations);
        List<String> deviations = new java.util.ArrayList<>();
        try {
            assertNotNull(new MetadataReader().read(xml.getBytes(UTF_8), deviations::add));
            assertTrue(deviations.stream().allMatch(d -> d != null && !d.isEmpty()), deviations.toString());
        } catch (MetadataException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Provide
    Arbitrary<Integer> hostile() {
        return Arbitraries.integers().between(0, HOSTILE.length - 1);
    }

    @Property(tries = 300, seed = "13102", shrinking = ShrinkingMode.BOUNDED)
    void hostileProloguesAreAlwaysRefused(@ForAll("hostile") int which, @ForAll("mutations") List<Mutation> mutations,
            @ForAll boolean entityInBody) {
        String body = Mutation.apply(document, mutations);
        int declarationEnd = body.startsWith("<?xml") ? body.indexOf("?>") + 2 : 0;
        if (declarationEnd < 2) {
            declarationEnd = 0;
        }
        String xml = body.substring(0, declarationEnd) + HOSTILE[which]
                + (entityInBody ? body.substring(declarationEnd).replaceFirst("<name([^>]*)>", "<name$1>&xxe;&d;")
                        : body.substring(declarationEnd));
        try {
            new MetadataReader().read(xml.getBytes(UTF_8));
            fail("a document with a DOCTYPE was read: " + xml.substring(0, Math.min(300, xml.length())));
        } catch (MetadataException e) {
            assertNotNull(e.getMessage());
            assertTrue(!e.getMessage().contains("root:"), "nothing of /etc/passwd in the reason: " + e.getMessage());
        }
    }
}
