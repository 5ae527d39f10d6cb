package org.siprec.testsupport.elsewhere;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.siprec.testsupport.Configs;

/** Bundles keep their configuration types package-private in an internal package: Configs must serve those too. */
class PackagePrivateConfigTest {

    @Retention(RetentionPolicy.RUNTIME)
    @interface InternalConfig {
        int port_min() default 20000;
        String bind_address() default "127.0.0.1";
    }

    @Test
    void aPackagePrivateConfigTypeOfAnotherPackage() {
        InternalConfig c = Configs.of(InternalConfig.class, Map.of("port.min", 31000));
        assertEquals(31000, c.port_min());
        assertEquals("127.0.0.1", c.bind_address());
    }
}
