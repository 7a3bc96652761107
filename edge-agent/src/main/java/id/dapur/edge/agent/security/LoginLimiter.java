package id.dapur.edge.agent.security;

import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.LogSafe;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-address lock-out after repeated failed logins: after {@link #MAX_FAILURES}
 * failures from one address within {@link #WINDOW}, that address is refused for {@link #LOCKOUT}
 * even with good credentials, on every listener (MQTT, HTTP, WebSocket screens). Every failure is
 * logged once at WARN, sanitised, with its address; each lock-out once, counted and handed to the
 * lock-out listener (the audit trail). A success does not clear the count, so one valid credential
 * cannot be used to keep guessing another.
 *
 * <p>Thread-safe: MQTT logins are checked on the front door's event loop, HTTP on another. Memory is
 * bounded: at most {@link #MAX_ADDRESSES} addresses are tracked, the stalest forgotten first.
 */
public final class LoginLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(LoginLimiter.class);
    public static final int MAX_FAILURES = 10;
    public static final Duration WINDOW = Duration.ofSeconds(60);
    public static final Duration LOCKOUT = Duration.ofSeconds(60);
    static final int MAX_ADDRESSES = 4096;

    /** A lock-out that just began: who, why, until when. */
    public record Lockout(String address, String listener, Instant until) {}

    private final Clock clock;
    private final AgentMetrics metrics;
    private final Map<String, Entry> byAddress = new LinkedHashMap<>(64, 0.75f, true);
    private volatile Consumer<Lockout> onLockout = l -> {};
    private volatile Consumer<Failure> onFailure = f -> {};

    /** A failed login: where from, on which listener, who the client claimed to be, and why it failed. */
    public record Failure(String address, String listener, String who, String why) {}

    private static final class Entry {
        final ArrayDeque<Long> failures = new ArrayDeque<>();
        long lockedUntil;
    }

    public LoginLimiter(Clock clock, AgentMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
        metrics.gauge("dapur.login.lockouts.active", "addresses locked out now", this::activeLockouts);
    }

    public void onLockout(Consumer<Lockout> listener) {
        this.onLockout = listener;
    }

    /** Told of every failed login (at most {@link #MAX_FAILURES} a minute per address: then it is locked out). */
    public void onFailure(Consumer<Failure> listener) {
        this.onFailure = listener;
    }

    /** Seconds this address stays locked out (rounded up), or 0 if it may try. Counts a refused attempt. */
    public long lockedFor(String address, String listener) {
        long now = clock.millis();
        synchronized (byAddress) {
            Entry e = byAddress.get(address);
            if (e == null || e.lockedUntil <= now) {
                return 0;
            }
            counter("dapur.login.refused", listener).increment();
            return Math.max(1, (e.lockedUntil - now + 999) / 1000);
        }
    }

    /** A failed login from {@code address}; {@code who} is what the client claimed to be (logged safely). */
    public void failed(String address, String listener, String who, String why) {
        long now = clock.millis();
        Lockout started = null;
        synchronized (byAddress) {
            Entry e = byAddress.computeIfAbsent(address, a -> new Entry());
            e.failures.addLast(now);
            while (!e.failures.isEmpty() && e.failures.peekFirst() <= now - WINDOW.toMillis()) {
                e.failures.removeFirst();
            }
            if (e.failures.size() >= MAX_FAILURES && e.lockedUntil <= now) {
                e.lockedUntil = now + LOCKOUT.toMillis();
                e.failures.clear();
                started = new Lockout(address, listener, Instant.ofEpochMilli(e.lockedUntil));
            }
            trim(now);
        }
        counter("dapur.login.failures", listener).increment();
        LOG.warn(
                "login failed [listener: {}, address: {}, who: {}, reason: {}]",
                listener,
                LogSafe.of(address),
                LogSafe.of(who),
                why);
        onFailure.accept(new Failure(address, listener, who, why));
        if (started != null) {
            counter("dapur.login.lockouts", listener).increment();
            LOG.warn(
                    "address locked out after {} failed logins in {} s [listener: {}, address: {}, until: {}]",
                    MAX_FAILURES,
                    WINDOW.toSeconds(),
                    listener,
                    LogSafe.of(address),
                    started.until());
            onLockout.accept(started);
        }
    }

    private void trim(long now) {
        if (byAddress.size() <= MAX_ADDRESSES) {
            return;
        }
        Iterator<Map.Entry<String, Entry>> it = byAddress.entrySet().iterator();
        while (it.hasNext() && byAddress.size() > MAX_ADDRESSES) {
            Entry e = it.next().getValue();
            if (e.lockedUntil <= now) {
                it.remove();
            }
        }
    }

    /** How many addresses are tracked now (bounded by {@link #MAX_ADDRESSES}). */
    int tracked() {
        synchronized (byAddress) {
            return byAddress.size();
        }
    }

    private int activeLockouts() {
        long now = clock.millis();
        synchronized (byAddress) {
            return (int)
                    byAddress.values().stream().filter(e -> e.lockedUntil > now).count();
        }
    }

    private Counter counter(String name, String listener) {
        return metrics.counter(name, "listener", listener);
    }
}
