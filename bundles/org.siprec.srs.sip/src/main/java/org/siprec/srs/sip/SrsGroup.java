package org.siprec.srs.sip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.siprec.api.ops.SrsGroupMonitor.SrsStatus;
import org.siprec.api.srs.SrsOutcome;
import org.siprec.api.srs.SrsTarget;

/**
 * An SRS group: its members with their health and counters, and the selection of the SRS for a new recording session.
 * Selection is lock-free (it runs on calls' signalling threads); health changes are made by the prober's single
 * thread only, so its consecutive-answer/miss counters need no synchronisation.
 */
final class SrsGroup {
    enum Health {
        UNKNOWN, UP, DOWN
    }

    /** One SRS and what the group knows about it. */
    static final class Member {
        final SrsTarget target;
        final int weight;
        volatile Health health = Health.UNKNOWN;
        volatile long lastRttMillis = -1;
        volatile String lastError = "";
        final LongAdder selected = new LongAdder();
        final LongAdder accepted = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder unreachable = new LongAdder();
        final AtomicLong inProgress = new AtomicLong();
        // prober thread only
        int answersInRow;
        int missesInRow;

        Member(SrsTarget target, int weight) {
            this.target = target;
            this.weight = weight;
        }

        /** Keeps what was learnt about the same SRS before a configuration change. */
        Member(SrsTarget target, int weight, Member before) {
            this(target, weight);
            health = before.health;
            lastRttMillis = before.lastRttMillis;
            lastError = before.lastError;
            selected.add(before.selected.sum());
            accepted.add(before.accepted.sum());
            refused.add(before.refused.sum());
            unreachable.add(before.unreachable.sum());
            inProgress.set(before.inProgress.get());
            answersInRow = before.answersInRow;
            missesInRow = before.missesInRow;
        }

        /**
         * Records an error with its time (UTC, to the second): the last error stays shown after the SRS is up again
         * (an operator wants to see the last trouble), so the time says whether it is older than the current state.
         */
        void error(String why) {
            lastError = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + why;
        }

        SrsStatus status() {
            return new SrsStatus(target.uri(), weight, health.name().toLowerCase(java.util.Locale.ROOT), lastRttMillis,
                    selected.sum(), accepted.sum(), refused.sum(), unreachable.sum(), inProgress.get(), lastError);
        }
    }

    final SelectionMode mode;
    final List<Member> members;
    final int downThreshold;
    final int upThreshold;
    private final Map<String, Member> byUri = new HashMap<>();
    private final AtomicLong cursor = new AtomicLong();

    /**
     * @param previous the group this one replaces (its members' health and counters are kept), or {@code null}
     */
    SrsGroup(SelectionMode mode, List<SrsTarget> targets, List<Integer> weights, int downThreshold, int upThreshold, SrsGroup previous) {
        this.mode = mode;
        this.downThreshold = downThreshold;
        this.upThreshold = upThreshold;
        List<Member> list = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            SrsTarget t = targets.get(i);
            Member before = previous == null ? null : previous.byUri.get(t.uri());
            Member m = before == null ? new Member(t, weights.get(i)) : new Member(t, weights.get(i), before);
            list.add(m);
            byUri.put(t.uri(), m);
        }
        members = List.copyOf(list);
    }

    /** Whether at least one SRS is not marked down (unknown counts as usable: not probed yet, or probing is off). */
    boolean usable() {
        for (Member m : members) {
            if (m.health != Health.DOWN) {
                return true;
            }
        }
        return false;
    }

    /** The SRSs to try for a new recording session: the mode's choice first, then the other usable ones in order. */
    List<SrsTarget> select() {
        List<Member> usable = new ArrayList<>(members.size());
        for (Member m : members) {
            if (m.health != Health.DOWN) {
                usable.add(m);
            }
        }
        if (usable.isEmpty()) {
            return List.of();
        }
        List<Member> ordered = switch (mode) {
            case HUNT -> usable;
            case ROUND_ROBIN -> rotate(usable, (int) Math.floorMod(cursor.getAndIncrement(), (long) usable.size()));
            case WEIGHTED -> weighted(usable);
            case LEAST_BUSY -> leastBusy(usable);
        };
        ordered.get(0).selected.increment();
        List<SrsTarget> result = new ArrayList<>(ordered.size());
        for (Member m : ordered) {
            result.add(m.target);
        }
        return result;
    }

    private static List<Member> rotate(List<Member> list, int start) {
        List<Member> r = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            r.add(list.get((start + i) % list.size()));
        }
        return r;
    }

    /** Deterministic weighted round-robin: over every sum-of-weights calls each SRS is first exactly weight times. */
    private List<Member> weighted(List<Member> usable) {
        long total = 0;
        for (Member m : usable) {
            total += m.weight;
        }
        long n = Math.floorMod(cursor.getAndIncrement(), total);
        int chosen = 0;
        long upTo = 0;
        for (int i = 0; i < usable.size(); i++) {
            upTo += usable.get(i).weight;
            if (n < upTo) {
                chosen = i;
                break;
            }
        }
        List<Member> r = new ArrayList<>(usable.size());
        r.add(usable.get(chosen));
        for (int i = 0; i < usable.size(); i++) {
            if (i != chosen) {
                r.add(usable.get(i));
            }
        }
        return r;
    }

    /** Fewest recordings in progress first; equal ones rotate so that an idle group still spreads its calls. */
    private List<Member> leastBusy(List<Member> usable) {
        List<Member> r = rotate(usable, (int) Math.floorMod(cursor.getAndIncrement(), (long) usable.size()));
        r.sort((a, b) -> Long.compare(a.inProgress.get(), b.inProgress.get()));
        return r;
    }

    /** A recording session's outcome at one SRS, as reported by the SRC. */
    void report(SrsTarget target, SrsOutcome outcome) {
        Member m = byUri.get(target.uri());
        if (m == null) {
            return; // an SRS removed from the configuration since the call chose it
        }
        switch (outcome.kind()) {
            case ACCEPTED -> {
                m.accepted.increment();
                m.inProgress.incrementAndGet();
            }
            case REFUSED -> {
                m.refused.increment();
                m.error("recording session refused: " + outcome.detail());
            }
            case UNREACHABLE -> {
                m.unreachable.increment();
                m.error("recording session unreachable: " + outcome.detail());
            }
            case ENDED_BY_SRS -> {
                m.inProgress.updateAndGet(v -> Math.max(0, v - 1));
                m.error("recording session ended by the SRS: " + outcome.detail());
            }
            case ENDED -> m.inProgress.updateAndGet(v -> Math.max(0, v - 1));
            default -> {
                // a kind added to the SPI later: nothing to count
            }
        }
    }

    /** An OPTIONS probe was answered (prober thread). @return the health before, if it changed, else {@code null} */
    Health answered(Member m, long rttMillis) {
        m.lastRttMillis = rttMillis;
        m.missesInRow = 0;
        m.answersInRow++;
        Health before = m.health;
        // a first answer makes an unknown SRS up at once; a down one must answer upThreshold probes in a row
        if (before == Health.UNKNOWN || (before == Health.DOWN && m.answersInRow >= upThreshold)) {
            m.health = Health.UP;
            return before;
        }
        return null;
    }

    /** An OPTIONS probe got no usable answer (prober thread). @return the health before, if it changed, else {@code null} */
    Health missed(Member m, String why) {
        m.error(why);
        m.answersInRow = 0;
        m.missesInRow++;
        Health before = m.health;
        if (before != Health.DOWN && m.missesInRow >= downThreshold) {
            m.health = Health.DOWN;
            return before;
        }
        return null;
    }

    List<SrsStatus> status() {
        List<SrsStatus> r = new ArrayList<>(members.size());
        for (Member m : members) {
            r.add(m.status());
        }
        return r;
    }
}
