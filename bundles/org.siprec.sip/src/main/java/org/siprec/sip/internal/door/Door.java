package org.siprec.sip.internal.door;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the door's parts share for one endpoint: its settings, counters, rate limiter, how to tell a trusted
 * source and which option tags the application supports besides the configured ones. Replaced as a whole when the
 * configuration changes (the counters carry over).
 */
public record Door(DoorSettings settings, DoorCounters counters, SourceRateLimiter limiter, Predicate<InetAddress> trusted,
        Supplier<Set<String>> applicationOptionTags, Admission admission,
        Predicate<javax.sip.message.Request> acceptsUnparseableContact) {

    /** The application's admission verdict for a request ({@code org.siprec.sip.RequestAdmission#admit}). */
    @FunctionalInterface
    public interface Admission {
        int admit(javax.sip.message.Request request, java.net.InetSocketAddress source);
    }

    public static Door create(DoorSettings settings, DoorCounters counters, Predicate<InetAddress> trusted) {
        return create(settings, counters, trusted, Set::of, (request, source) -> 0, request -> false);
    }

    public static Door create(DoorSettings settings, DoorCounters counters, Predicate<InetAddress> trusted,
            Supplier<Set<String>> applicationOptionTags, Admission admission) {
        return create(settings, counters, trusted, applicationOptionTags, admission, request -> false);
    }

    /**
     * @param acceptsUnparseableContact whether the application serves a request whose Contact the stack could not
     *                                  parse, with a Contact built from its source ({@link UnparseableContact})
     */
    public static Door create(DoorSettings settings, DoorCounters counters, Predicate<InetAddress> trusted,
            Supplier<Set<String>> applicationOptionTags, Admission admission,
            Predicate<javax.sip.message.Request> acceptsUnparseableContact) {
        return new Door(settings, counters, new SourceRateLimiter(settings, counters, System.nanoTime()), trusted,
                applicationOptionTags, admission, acceptsUnparseableContact);
    }

    /** The option tags a {@code Require} may name: the endpoint's configured ones and its application's. */
    public Set<String> supportedOptionTags() {
        Set<String> fromApplication = applicationOptionTags.get();
        if (fromApplication.isEmpty()) {
            return settings.supportedOptionTags();
        }
        Set<String> all = new HashSet<>(settings.supportedOptionTags());
        fromApplication.forEach(tag -> all.add(tag.toLowerCase(java.util.Locale.ROOT)));
        return all;
    }
}
