package org.siprec.src.b2bua;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Builds a typed DS configuration annotation the way SCR does: given values, else the attribute defaults. */
final class Configs {
    private Configs() {
    }

    @SuppressWarnings("unchecked")
    static <A> A of(Class<A> type, Map<String, Object> values) {
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            String key = method.getName().replace('_', '.');
            if (values.containsKey(key)) {
                return values.get(key);
            }
            if (method.getDefaultValue() != null) {
                return method.getDefaultValue();
            }
            throw new IllegalStateException("no value for " + key);
        });
    }
}
