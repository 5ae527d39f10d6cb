package org.siprec.src.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The plugin services of one kind currently registered, highest {@code service.ranking} first. Binding and
 * unbinding replace the list, so a call that is evaluating never sees it change under it.
 */
final class Plugins<T> {
    private record Ranked<T>(T service, int ranking, long id) {
    }

    private final CopyOnWriteArrayList<Ranked<T>> services = new CopyOnWriteArrayList<>();

    void add(T service, Map<String, Object> properties) {
        Object ranking = properties.get("service.ranking");
        Object id = properties.get("service.id");
        services.add(new Ranked<>(service, ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L));
        List<Ranked<T>> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparingInt((Ranked<T> r) -> -r.ranking()).thenComparingLong(Ranked::id));
        services.clear();
        services.addAll(sorted);
    }

    void remove(T service) {
        services.removeIf(r -> r.service() == service);
    }

    List<T> inOrder() {
        List<T> result = new ArrayList<>();
        for (Ranked<T> r : services) {
            result.add(r.service());
        }
        return result;
    }
}
