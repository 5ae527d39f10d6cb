package org.siprec.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigsTest {

    enum Transport { UDP, TCP }

    @Retention(RetentionPolicy.RUNTIME)
    @interface EndpointConfig {
        String listen_address() default "127.0.0.1";
        int udp_port() default 5060;
        long t1_ms() default 500;
        boolean enabled() default true;
        Transport transport() default Transport.UDP;
        String[] trusted_peers() default {"127.0.0.1"};
        String user__agent() default "ua";
        String max$_$forwards() default "70";
        String dollar$$sign() default "$";
        String single$dollar() default "x";
        String required_value();
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Prefixed {
        String PREFIX_ = "srs.";
        int port() default 5090;
    }

    @Test
    void defaultsWhenNoValueIsGiven() {
        EndpointConfig c = Configs.of(EndpointConfig.class, Map.of("required.value", "r"));
        assertEquals("127.0.0.1", c.listen_address());
        assertEquals(5060, c.udp_port());
        assertEquals(500L, c.t1_ms());
        assertTrue(c.enabled());
        assertEquals(Transport.UDP, c.transport());
        assertArrayEquals(new String[] {"127.0.0.1"}, c.trusted_peers());
        assertEquals(EndpointConfig.class, c.annotationType());
    }

    @Test
    void givenValuesByTheirDsPropertyNames() {
        EndpointConfig c = Configs.of(EndpointConfig.class, Map.of("listen.address", "10.0.0.1", "udp.port", 25060,
                "user_agent", "b2bua", "max-forwards", "10", "dollar$sign", "d", "singledollar", "y", "required.value", "r"));
        assertEquals("10.0.0.1", c.listen_address());
        assertEquals(25060, c.udp_port());
        assertEquals("b2bua", c.user__agent());
        assertEquals("10", c.max$_$forwards());
        assertEquals("d", c.dollar$$sign());
        assertEquals("y", c.single$dollar());
    }

    @Test
    void valuesAreConvertedToTheReturnTypeAsScrDoes() {
        EndpointConfig c = Configs.of(EndpointConfig.class, Map.of("udp.port", "5070", "t1.ms", 100, "enabled", "false",
                "transport", "TCP", "trusted.peers", List.of("10.0.0.0/8", "127.0.0.1"), "required.value", 42));
        assertEquals(5070, c.udp_port());
        assertEquals(100L, c.t1_ms());
        assertEquals(false, c.enabled());
        assertEquals(Transport.TCP, c.transport());
        assertArrayEquals(new String[] {"10.0.0.0/8", "127.0.0.1"}, c.trusted_peers());
        assertEquals("42", c.required_value());

        EndpointConfig single = Configs.of(EndpointConfig.class, Map.of("trusted.peers", "192.0.2.1", "required.value", "r"));
        assertArrayEquals(new String[] {"192.0.2.1"}, single.trusted_peers());
    }

    @Test
    void aPrefixConstantIsPutInFrontOfEveryName() {
        assertEquals(5090, Configs.defaults(Prefixed.class).port());
        assertEquals(35090, Configs.of(Prefixed.class, Map.of("srs.port", 35090)).port());
    }

    @Test
    void aMissingValueWithoutDefaultAndABadValueAreErrorsNamingTheProperty() {
        EndpointConfig c = Configs.defaults(EndpointConfig.class);
        IllegalStateException missing = assertThrows(IllegalStateException.class, c::required_value);
        assertTrue(missing.getMessage().contains("required.value"), missing.getMessage());
        EndpointConfig bad = Configs.of(EndpointConfig.class, Map.of("udp.port", "five"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, bad::udp_port);
        assertTrue(wrong.getMessage().contains("udp.port"), wrong.getMessage());
    }

    @Test
    void objectMethodsWorkOnTheProxy() {
        EndpointConfig a = Configs.of(EndpointConfig.class, Map.of("udp.port", 1));
        EndpointConfig b = Configs.of(EndpointConfig.class, Map.of("udp.port", 1));
        assertEquals(a, a);
        assertNotEquals(a, b);
        assertTrue(a.toString().contains("udp.port"), a.toString());
        assertEquals(a.hashCode(), a.hashCode());
    }

    @Test
    void defaultArraysAreCopiesACallerCannotChange() {
        EndpointConfig c = Configs.defaults(EndpointConfig.class);
        c.trusted_peers()[0] = "changed";
        assertEquals("127.0.0.1", c.trusted_peers()[0]);
    }
}
