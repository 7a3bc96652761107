package id.dapur.edge.agent.staff;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Wrong-PIN lock-outs: {@link #MAX_FAILURES} refusals of one key (a staff id, or unknown ids at one
 * station) within {@link #WINDOW} lock it for {@link #LOCK}. Keys are bounded by the configured staff
 * and stations; at most {@link #MAX_KEYS} are kept, all forgotten if more appear. Thread-safe.
 */
final class PinGuard {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration LOCK = Duration.ofMinutes(5);
    static final int MAX_KEYS = 10_000;
    private final Clock clock;
    private final Map<String, ArrayDeque<Long>> failures = new HashMap<>();
    private final Map<String, Long> lockedUntil = new HashMap<>();

    PinGuard(Clock clock) {
        this.clock = clock;
    }

    /** Seconds the key stays locked (rounded up), 0 when it may try. */
    synchronized long lockedFor(String key) {
        Long until = lockedUntil.get(key);
        long now = clock.millis();
        if (until == null || until <= now) {
            lockedUntil.remove(key);
            return 0;
        }
        return (until - now + 999) / 1000;
    }

    /** Counts a refusal; true when it just locked the key. */
    synchronized boolean failed(String key) {
        if (failures.size() >= MAX_KEYS) {
            failures.clear();
        }
        long now = clock.millis();
        ArrayDeque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        q.addLast(now);
        while (!q.isEmpty() && q.peekFirst() <= now - WINDOW.toMillis()) {
            q.removeFirst();
        }
        if (q.size() >= MAX_FAILURES) {
            q.clear();
            lockedUntil.put(key, now + LOCK.toMillis());
            return true;
        }
        return false;
    }
}
