package org.siprec.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siprec.testsupport.fuzz.Gen;
import org.siprec.testsupport.fuzz.Mutation;
import org.siprec.testsupport.fuzz.Tries;

/**
 * Property-based fuzzing of {@link MetadataReader}: a valid RFC 7865 document (and a document of the BroadWorks draft
 * dialect), garbled by up to six
 * {@link Mutation}s and optionally carrying a hostile prologue (DOCTYPE, external entity, billion laughs, external
 * DTD, parameter entity), is read or refused with a {@link MetadataException}; never another exception, and a
 * hostile prologue is always refused. Every property is seeded ({@link Tries}), so a run is repeatable.
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

    private static final Gen<List<Mutation>> MUTATIONS = Mutation.some(6);

    /** Mutations and whether the reader gets bytes rather than a string. */
    private record Garbling(List<Mutation> mutations, boolean asBytes) {
    }

    /** Which hostile prologue, the mutations of the body, and whether the body also uses the entities. */
    private record Hostile(int which, List<Mutation> mutations, boolean entityInBody) {
    }

    @BeforeAll
    static void document() throws MetadataException {
        document = new MetadataWriter(true).writeString(Fixtures.call());
    }

    @Test
    void garbledMetadataIsReadOrRefusedWithMetadataException() {
        Tries.forAll(13101, 1000, Gen.combine(MUTATIONS, Gen.booleans(), Garbling::new),
                input -> garbledMetadata(input.mutations(), input.asBytes()));
    }

    private static void garbledMetadata(List<Mutation> mutations, boolean asBytes) {
        String xml = Mutation.apply(document, mutations);
        try {
            RecordingMetadata read = asBytes ? new MetadataReader().read(xml.getBytes(UTF_8))
                    : new MetadataReader().read(xml);
            assertNotNull(read);
        } catch (MetadataException e) {
            assertNotNull(e.getMessage());
        }
    }

    /** The draft dialect (BroadWorks {@code <recording_metadata>}) garbled: read or refused, with its deviations. */
    @Test
    void garbledDraftDialectIsReadOrRefusedWithMetadataException() {
        Tries.forAll(13103, 500, MUTATIONS, MetadataFuzzTest::garbledDraftDialect);
    }

    private static void garbledDraftDialect(List<Mutation> mutations) {
        String xml = Mutation.apply(DraftDialectTest.BROADWORKS, mutations);
        List<String> deviations = new java.util.ArrayList<>();
        try {
            assertNotNull(new MetadataReader().read(xml.getBytes(UTF_8), deviations::add));
            assertTrue(deviations.stream().allMatch(d -> d != null && !d.isEmpty()), deviations.toString());
        } catch (MetadataException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void hostileProloguesAreAlwaysRefused() {
        Gen<Integer> which = Gen.integers(0, HOSTILE.length - 1);
        Gen<Boolean> entityInBody = Gen.booleans();
        Tries.forAll(13102, 300, random -> new Hostile(which.next(random), MUTATIONS.next(random),
                entityInBody.next(random)), input -> hostilePrologue(input.which(), input.mutations(),
                input.entityInBody()));
    }

    private static void hostilePrologue(int which, List<Mutation> mutations, boolean entityInBody) {
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
