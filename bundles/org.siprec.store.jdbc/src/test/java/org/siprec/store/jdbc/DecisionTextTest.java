package org.siprec.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.siprec.api.catalog.StoredRecording.Decision;

/** The SRC's logged decision text read back into verdict, reason and each policy's part. */
class DecisionTextTest {
    @Test
    void theVerdictReasonAndEachPolicysPartAreSplitOutsideParentheses() {
        String text = "RECORD (office hours, acme) announcement rec-de; policies: officehours=RECORD(office hours,"
                + " acme), profile=ABSTAIN(no profile (user unknown)), failing=ABSTAIN(timeout after 200 ms; default)";
        assertEquals(new Decision("RECORD", "office hours, acme, announcement rec-de", List.of(
                "officehours=RECORD(office hours, acme)", "profile=ABSTAIN(no profile (user unknown))",
                "failing=ABSTAIN(timeout after 200 ms; default)"), text), DecisionText.parse(text));
    }

    @Test
    void noPoliciesGiveNoReasons() {
        assertEquals(new Decision("SKIP", "no policy decided", List.of(), "SKIP (no policy decided); policies: none"),
                DecisionText.parse("SKIP (no policy decided); policies: none"));
    }

    @Test
    void aTextOfAnotherShapeIsKeptWholeAsTheReasonNeverAnError() {
        assertEquals(new Decision("RECORD", null, List.of(), "RECORD"), DecisionText.parse("RECORD"));
        assertEquals(new Decision("UNKNOWN", "(unbalanced; policies: x=(", List.of(), "(unbalanced; policies: x=("),
                DecisionText.parse("(unbalanced; policies: x=("));
        assertEquals(new Decision("UNKNOWN", null, List.of(), ""), DecisionText.parse(null));
    }
}
