package org.siprec.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void splitsAtSemicolonsOutsideLiteralsIdentifiersAndComments() {
        String script = "-- header; comment\n"
                + "CREATE TABLE a (id INTEGER, \"odd;name\" VARCHAR(10));\n"
                + "/* block; comment */ INSERT INTO a VALUES (1, 'it''s; -- not a comment');\n"
                + "INSERT INTO a VALUES (2, 'x') -- trailing\n;\n"
                + "  ;  \n"
                + "UPDATE a SET id = 3";
        assertEquals(List.of("CREATE TABLE a (id INTEGER, \"odd;name\" VARCHAR(10))",
                "INSERT INTO a VALUES (1, 'it''s; -- not a comment')",
                "INSERT INTO a VALUES (2, 'x')",
                "UPDATE a SET id = 3"), SqlStatements.split(script));
    }

    @Test
    void anEmptyOrCommentOnlyScriptHasNoStatements() {
        assertEquals(List.of(), SqlStatements.split(""));
        assertEquals(List.of(), SqlStatements.split("-- nothing\n/* here */\n;"));
    }
}
