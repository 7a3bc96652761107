package id.dapur.edge.cloud.fleet;

import id.dapur.edge.cloud.Exchange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the back office did for the fleet, call by call as the outlets' clients saw it: requests per
 * second, latency by kind of call, and every error by kind and status. Long-polls (commands, the
 * order feed) are counted, their time is not latency. Thread-safe.
 */
final class FleetStats {
    /** The kinds of call, by what the path ends with. */
    static final List<String> KINDS = List.of(
            "register",
            "credential",
            "config",
            "config-report",
            "events",
            "heartbeat",
            "commands",
            "command-result",
            "feed",
            "release");

    static final List<String> LONG_POLLS = List.of("commands", "feed");

    private final long startMillis;
    private final AtomicLongArray perSecond;
    private final AtomicLongArray eventsPerSecond;
    private final Map<String, long[]> latencies = new LinkedHashMap<>();
    private final Map<String, Integer> sizes = new LinkedHashMap<>();
    private final Map<String, Long> errors = new TreeMap<>();

    FleetStats(long startMillis, int seconds) {
        this.startMillis = startMillis;
        this.perSecond = new AtomicLongArray(seconds);
        this.eventsPerSecond = new AtomicLongArray(seconds);
        for (String k : KINDS) {
            latencies.put(k, new long[1024]);
            sizes.put(k, 0);
        }
    }

    static String kind(String method, String path) {
        if (path.endsWith("/devices/register")) {
            return "register";
        }
        if (path.endsWith("/credential")) {
            return "credential";
        }
        if (path.endsWith("/config/reports")) {
            return "config-report";
        }
        if (path.endsWith("/config")) {
            return "config";
        }
        if (path.endsWith("/events")) {
            return "events";
        }
        if (path.endsWith("/heartbeat")) {
            return "heartbeat";
        }
        if (path.endsWith("/result")) {
            return "command-result";
        }
        if (path.endsWith("/commands")) {
            return "commands";
        }
        if (path.endsWith("/orders/feed")) {
            return "feed";
        }
        return "release";
    }

    private volatile boolean closed;

    /** Records nothing more (the run is over; the outlets' own shutdown is not the back office's doing). */
    void close() {
        closed = true;
    }

    void record(Exchange x) {
        if (closed) {
            return;
        }
        int s = second(System.currentTimeMillis());
        String k = kind(x.method(), x.path());
        perSecond.incrementAndGet(s);
        synchronized (this) {
            if (x.status() == 0 || x.status() >= 400) {
                errors.merge(
                        k + " "
                                + (x.status() == 0
                                        ? "no answer (" + shortError(x.error()) + ")"
                                        : Integer.toString(x.status())),
                        1L,
                        Long::sum);
            }
            if (!LONG_POLLS.contains(k) && x.status() != 0) {
                long[] a = latencies.get(k);
                int n = sizes.get(k);
                if (n == a.length) {
                    a = Arrays.copyOf(a, a.length * 2);
                    latencies.put(k, a);
                }
                a[n] = x.nanos();
                sizes.put(k, n + 1);
            }
        }
    }

    void events(int n) {
        eventsPerSecond.addAndGet(second(System.currentTimeMillis()), n);
    }

    private int second(long millis) {
        return (int) Math.max(0, Math.min(perSecond.length() - 1, (millis - startMillis) / 1000));
    }

    private static String shortError(String e) {
        if (e == null) {
            return "?";
        }
        int colon = e.indexOf(':');
        return colon > 0 ? e.substring(0, colon) : e;
    }

    long requestsAt(int second) {
        return perSecond.get(second);
    }

    long eventsAt(int second) {
        return eventsPerSecond.get(second);
    }

    /** Latency percentiles in ms by kind: [count, p50, p99, max]. */
    synchronized Map<String, double[]> latency() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String k : KINDS) {
            int n = sizes.get(k);
            if (n == 0) {
                continue;
            }
            long[] a = Arrays.copyOf(latencies.get(k), n);
            Arrays.sort(a);
            out.put(k, new double[] {
                n,
                a[(int) Math.min(n - 1, Math.floor(n * 0.5))] / 1e6,
                a[(int) Math.min(n - 1, Math.floor(n * 0.99))] / 1e6,
                a[n - 1] / 1e6
            });
        }
        return out;
    }

    synchronized Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }

    /** Requests per second over [from, to) seconds since the start. */
    double rate(int from, int to) {
        long sum = 0;
        for (int s = Math.max(0, from); s < Math.min(to, perSecond.length()); s++) {
            sum += perSecond.get(s);
        }
        return to > from ? (double) sum / (Math.min(to, perSecond.length()) - Math.max(0, from)) : 0;
    }

    /** The busiest second in [from, to): [second, requests]. */
    long[] peak(int from, int to) {
        long best = -1;
        int at = from;
        for (int s = Math.max(0, from); s < Math.min(to, perSecond.length()); s++) {
            if (perSecond.get(s) > best) {
                best = perSecond.get(s);
                at = s;
            }
        }
        return new long[] {at, Math.max(0, best)};
    }

    /** Requests per {@code bucket} seconds, as a timeline. */
    List<long[]> timeline(int bucket, int until) {
        List<long[]> out = new ArrayList<>();
        for (int s = 0; s < Math.min(until, perSecond.length()); s += bucket) {
            long r = 0;
            long e = 0;
            for (int i = s; i < Math.min(s + bucket, perSecond.length()); i++) {
                r += perSecond.get(i);
                e += eventsPerSecond.get(i);
            }
            out.add(new long[] {s, r, e});
        }
        return out;
    }
}
