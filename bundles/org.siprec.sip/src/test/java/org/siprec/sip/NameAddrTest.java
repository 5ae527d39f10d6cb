package org.siprec.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameAddrTest {
    @Test
    void readsDisplayNamesAndUrisOfAList() {
        assertEquals(List.of(new NameAddr("Alice", "sip:a@x"), new NameAddr(null, "tel:+1")),
                NameAddr.parseList("\"Alice\" <sip:a@x>, <tel:+1>"));
        assertEquals(List.of(new NameAddr("Bob Smith", "sip:bob@example.com")),
                NameAddr.parseList("Bob Smith <sip:bob@example.com>;tag=x"), "unquoted display name, header params");
        assertEquals(List.of(new NameAddr("Smith, \"J\" <boss>", "sip:j@x")),
                NameAddr.parseList("\"Smith, \\\"J\\\" <boss>\" <sip:j@x>"), "commas, quotes, brackets inside quotes");
        assertEquals(List.of(new NameAddr(null, "sip:a@x;user=phone"), new NameAddr(null, "sip:b@y")),
                NameAddr.parseList("<sip:a@x;user=phone>,sip:b@y;expires=60"),
                "URI params stay inside <>, an addr-spec's ;params are header params");
        assertEquals(List.of(new NameAddr(null, "sip:a@x,y")), NameAddr.parseList("<sip:a@x,y>"),
                "a comma inside <> does not split");
    }

    @Test
    void oddValuesGiveFewerEntriesNeverAnException() {
        assertEquals(List.of(), NameAddr.parseList(null));
        assertEquals(List.of(), NameAddr.parseList(""));
        assertEquals(List.of(), NameAddr.parseList(" , ,, "));
        assertEquals(List.of(), NameAddr.parseList("\"unterminated <sip:a@x>"));
        assertEquals(List.of(), NameAddr.parseList("justaword"));
        assertEquals(List.of(), NameAddr.parseList("Alice sip:a@x"));
        assertEquals(List.of(new NameAddr(null, "sip:ok@y")), NameAddr.parseList("<sip:bad@x, <sip:ok@x>, <sip:ok@y>"),
                "an unclosed < swallows up to the next >, and what it swallowed is no URI");
        assertEquals(List.of(new NameAddr(null, "tel:+1")), NameAddr.parseList("<>, \"\" <tel:+1>, <  >"));
        assertThrows(IllegalArgumentException.class, () -> new NameAddr("x", " "));
    }
}
