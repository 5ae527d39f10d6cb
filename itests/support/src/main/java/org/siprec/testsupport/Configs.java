package org.siprec.testsupport;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a typed DS configuration (a component property type, e.g. an {@code @ObjectClassDefinition} annotation)
 * the way SCR does, so that a component can be activated outside OSGi: each method returns the value of its
 * property if given, else the method's default. Property names follow the DS rules (OSGi Compendium 112.8.2.2):
 * {@code udp_port()} reads {@code udp.port}, {@code $_$} is {@code -}, {@code __} is {@code _}, {@code $$} is
 * {@code $}, a single {@code $} is dropped, and a {@code PREFIX_} constant of the type is put in front. Values are
 * converted like SCR does for the usual cases: a String or any Number to the return type, a single value to a
 * one-element array, an array or collection to its first element.
 * <pre>{@code
 * SipEndpointConfig config = Configs.of(SipEndpointConfig.class, Map.of("udp.port", 25060, "t1.ms", "100"));
 * }</pre>
 */
public final class Configs {
    private Configs() {
    }

    /** The configuration with these property values (name to value), defaults for the rest. */
    @SuppressWarnings("unchecked")
    public static <A> A of(Class<A> type, Map<String, ?> values) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type + " is not an annotation or interface");
        }
        Map<String, Object> properties = new TreeMap<>(values);
        String prefix = prefixOf(type);
        return (A) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    if (method.getParameterCount() == 0) {
                        return type;
                    }
                    break;
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return type.getSimpleName() + properties;
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                case "equals":
                    if (method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class) {
                        return proxy == args[0];
                    }
                    break;
                default:
                    break;
            }
            String key = prefix + propertyName(method.getName());
            if (properties.containsKey(key)) {
                return convert(properties.get(key), method.getReturnType(), key);
            }
            Object fallback = method.getDefaultValue();
            if (fallback != null) {
                return fallback.getClass().isArray() ? copyOf(fallback) : fallback;
            }
            throw new IllegalStateException("no value for " + key + " (" + type.getSimpleName() + "." + method.getName()
                    + "() has no default)");
        });
    }

    /** The configuration with every property at its default. */
    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }

    /** The property name DS derives from a method name (OSGi Compendium 112.8.2.2), without the type's prefix. */
    public static String propertyName(String methodName) {
        StringBuilder sb = new StringBuilder(methodName.length());
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (c == '$') {
                if (methodName.startsWith("$$", i)) {
                    sb.append('$');
                    i++;
                } else if (methodName.startsWith("$_$", i)) {
                    sb.append('-');
                    i += 2;
                }
                // a single '$' is dropped
            } else if (c == '_') {
                if (methodName.startsWith("__", i)) {
                    sb.append('_');
                    i++;
                } else {
                    sb.append('.');
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String prefixOf(Class<?> type) {
        try {
            Field f = type.getField("PREFIX_");
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                return (String) f.get(null);
            }
        } catch (NoSuchFieldException e) {
            // no prefix
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + type.getName() + ".PREFIX_", e);
        }
        return "";
    }

    private static Object convert(Object value, Class<?> to, String key) {
        if (value == null) {
            throw new IllegalArgumentException("null value for " + key);
        }
        if (to.isArray()) {
            Class<?> element = to.getComponentType();
            List<?> items = value instanceof Collection<?> c ? List.copyOf(c)
                    : value.getClass().isArray() ? arrayToList(value) : List.of(value);
            Object array = Array.newInstance(element, items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, convert(items.get(i), element, key));
            }
            return array;
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty() ? defaultOf(to) : convert(c.iterator().next(), to, key);
        }
        if (value.getClass().isArray()) {
            return Array.getLength(value) == 0 ? defaultOf(to) : convert(Array.get(value, 0), to, key);
        }
        Class<?> boxed = boxed(to);
        if (boxed.isInstance(value)) {
            return value;
        }
        String s = value.toString().trim();
        try {
            if (boxed == String.class) {
                return value.toString();
            } else if (boxed == Integer.class) {
                return value instanceof Number n ? n.intValue() : Integer.parseInt(s);
            } else if (boxed == Long.class) {
                return value instanceof Number n ? n.longValue() : Long.parseLong(s);
            } else if (boxed == Short.class) {
                return value instanceof Number n ? n.shortValue() : Short.parseShort(s);
            } else if (boxed == Byte.class) {
                return value instanceof Number n ? n.byteValue() : Byte.parseByte(s);
            } else if (boxed == Double.class) {
                return value instanceof Number n ? n.doubleValue() : Double.parseDouble(s);
            } else if (boxed == Float.class) {
                return value instanceof Number n ? n.floatValue() : Float.parseFloat(s);
            } else if (boxed == Boolean.class) {
                return Boolean.parseBoolean(s);
            } else if (boxed == Character.class) {
                return s.isEmpty() ? '\0' : s.charAt(0);
            } else if (to.isEnum()) {
                return enumValue(to, s);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("value '" + value + "' of " + key + " is not a " + to.getSimpleName(), e);
        }
        throw new IllegalArgumentException("cannot convert " + value.getClass().getSimpleName() + " '" + value + "' of "
                + key + " to " + to.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static List<Object> arrayToList(Object array) {
        Object[] items = new Object[Array.getLength(array)];
        for (int i = 0; i < items.length; i++) {
            items[i] = Array.get(array, i);
        }
        return List.of(items);
    }

    private static Object copyOf(Object array) {
        int n = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, copy, 0, n);
        return copy;
    }

    private static Object defaultOf(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        return Array.get(Array.newInstance(type, 1), 0);
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        } else if (type == long.class) {
            return Long.class;
        } else if (type == boolean.class) {
            return Boolean.class;
        } else if (type == double.class) {
            return Double.class;
        } else if (type == float.class) {
            return Float.class;
        } else if (type == short.class) {
            return Short.class;
        } else if (type == byte.class) {
            return Byte.class;
        } else if (type == char.class) {
            return Character.class;
        }
        return type;
    }
}
