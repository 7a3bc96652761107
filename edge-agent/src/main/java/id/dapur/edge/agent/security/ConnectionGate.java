package id.dapur.edge.agent.security;

import id.dapur.edge.config.ListenerLimits;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Counts open connections of one listener, in total and per remote address, so that nobody on the
 * LAN can hold more than the limits allow (each open connection costs heap). Thread-safe.
 *
 * <p>Silent connections cannot lock others out: a connection is <em>silent</em> until its client has
 * logged in (MQTT) or said anything (HTTP). When the listener is full, the oldest silent connection
 * is evicted to make room for a new one, so a flood of idle sockets only ever displaces itself, and a
 * client that talks at once (a POS, a screen) always gets in. Only when every connection has spoken
 * is a newcomer refused.
 */
public final class ConnectionGate {
    /** One connection's place; {@code evict} closes it when a newcomer needs the place. */
    public static final class Place {
        private final String address;
        private final Runnable evict;
        private boolean released;

        private Place(String address, Runnable evict) {
            this.address = address;
            this.evict = evict;
        }
    }

    private final ListenerLimits limits;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private final LinkedHashSet<Place> silent = new LinkedHashSet<>();
    private int total;
    private long refused;
    private long evicted;

    public ConnectionGate(ListenerLimits limits) {
        this.limits = limits;
    }

    /**
     * Takes a place for a new connection from {@code address}, evicting the oldest silent connection
     * if the listener is full; null (and nothing taken) when it cannot. {@code evict} must close the
     * connection (its {@link #closed} call is then a no-op).
     */
    public Place tryOpen(String address, Runnable evict) {
        Place victim = null;
        Place place;
        synchronized (this) {
            int mine = perAddress.getOrDefault(address, 0);
            if (mine >= limits.maxConnectionsPerAddress()) {
                refused++;
                return null;
            }
            if (total >= limits.maxConnections()) {
                Iterator<Place> oldest = silent.iterator();
                if (!oldest.hasNext()) {
                    refused++;
                    return null;
                }
                victim = oldest.next();
                release(victim);
                evicted++;
            }
            place = new Place(address, evict);
            total++;
            perAddress.merge(address, 1, Integer::sum);
            silent.add(place);
        }
        if (victim != null) {
            victim.evict.run();
        }
        return place;
    }

    /** The connection logged in or spoke: it is no longer evicted for newcomers. */
    public synchronized void spoke(Place place) {
        silent.remove(place);
    }

    /** Gives back the place; idempotent (an evicted connection's place was given back already). */
    public synchronized void closed(Place place) {
        if (place != null && !place.released) {
            release(place);
        }
    }

    private void release(Place p) {
        p.released = true;
        silent.remove(p);
        total--;
        perAddress.computeIfPresent(p.address, (a, n) -> n <= 1 ? null : n - 1);
    }

    public synchronized int open() {
        return total;
    }

    public synchronized long refused() {
        return refused;
    }

    public synchronized long evicted() {
        return evicted;
    }

    public ListenerLimits limits() {
        return limits;
    }
}
