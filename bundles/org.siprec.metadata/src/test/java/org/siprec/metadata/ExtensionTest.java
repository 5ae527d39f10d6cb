package org.siprec.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Extension elements of other namespaces (RFC 7865 {@code ##other}), the platform's decision in particular. */
class ExtensionTest {
    private static final String NS = MetadataFormat.DECISION_NAMESPACE;

    static Extension decision(String verdict, String policyVerdict) {
        return Extension.of(NS, "decision").withAttribute("verdict", verdict).withAttribute("mandatory", "false")
                .withChild(Extension.of(NS, "reason").withText("org.siprec.policy.profile: Alice <records> & keeps"))
                .withChild(Extension.of(NS, "policy").withAttribute("name", "org.siprec.policy.profile")
                        .withAttribute("ranking", "100").withAttribute("verdict", policyVerdict)
                        .withText("caller's profile is originating"))
                .withChild(Extension.of(NS, "policy").withAttribute("name", "slow").withAttribute("ranking", "0")
                        .withAttribute("verdict", "ABSTAIN").withAttribute("failure", "no answer within 50 ms")
                        .withText("no opinion"));
    }

    @Test
    void metadataWithTheDecisionExtensionIsValidAndReadBack() throws Exception {
        RecordingMetadata m = Fixtures.call().toBuilder().extension(decision("RECORD", "RECORD")).build();
        byte[] xml = new MetadataWriter().write(m);
        String text = new String(xml, StandardCharsets.UTF_8);
        assertTrue(text.contains("xmlns:x0=\"" + NS + "\""), text);
        new MetadataValidator().validate(xml);
        new MetadataValidator().validate(new MetadataWriter(false).write(m));

        RecordingMetadata read = new MetadataReader().read(xml);
        List<Extension> d = read.extensions(NS, "decision");
        assertEquals(1, d.size(), text);
        assertEquals("RECORD", d.get(0).attribute("verdict"));
        assertEquals("org.siprec.policy.profile: Alice <records> & keeps", d.get(0).children("reason").get(0).text());
        assertEquals(2, d.get(0).children("policy").size());
        assertEquals("no answer within 50 ms", d.get(0).children("policy").get(1).attribute("failure"));
        assertEquals(m.participants(), read.participants());
    }

    @Test
    void ourExtensionIsValidatedStrictly() throws Exception {
        RecordingMetadata bad = Fixtures.call().toBuilder().extension(decision("RECORD", "MAYBE")).build();
        MetadataException e = assertThrows(MetadataException.class,
                () -> new MetadataValidator().validate(new MetadataWriter().write(bad)));
        assertTrue(e.getMessage().contains("MAYBE"), e.getMessage());
    }

    @Test
    void foreignExtensionsAreAcceptedLaxly() throws Exception {
        RecordingMetadata m = Fixtures.call().toBuilder()
                .extension(Extension.of("urn:example:vendor", "anything").withAttribute("x", "1")
                        .withChild(Extension.of("urn:example:vendor", "more").withText("t")))
                .build();
        new MetadataValidator().validate(new MetadataWriter().write(m));
    }

    @Test
    void theRfcNamespaceIsNotAnExtension() {
        assertThrows(IllegalArgumentException.class, () -> Extension.of(MetadataFormat.NAMESPACE, "decision"));
    }

    @Test
    void partialUpdatesCarryAnExtensionOnlyWhenItChanged() throws Exception {
        RecordingMetadata first = Fixtures.call().toBuilder().extension(decision("RECORD", "RECORD")).build();
        RecordingMetadata same = first.toBuilder().build();
        assertTrue(same.changesSince(first).isEmpty());
        RecordingMetadata changed = Fixtures.call().toBuilder().extension(decision("SKIP", "SKIP")).build();
        RecordingMetadata update = changed.changesSince(first);
        assertEquals(1, update.extensions().size());
        new MetadataValidator().validate(new MetadataWriter().write(update));
        assertEquals(changed.extensions(), first.apply(update).extensions());
    }
}
