package id.dapur.edge.agent.security;

import id.dapur.edge.config.ListenerLimits;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts open connections of one listener, in total and per remote address, so that nobody on the
 * LAN can hold more than the limits allow (each open connection costs heap). Thread-safe.
 */
public final class ConnectionGate {
    private final ListenerLimits limits;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int total;
    private long refused;

    public ConnectionGate(ListenerLimits limits) {
        this.limits = limits;
    }

    /** Takes a place for a new connection from {@code address}; false (and nothing taken) when full. */
    public synchronized boolean tryOpen(String address) {
        int mine = perAddress.getOrDefault(address, 0);
        if (total >= limits.maxConnections() || mine >= limits.maxConnectionsPerAddress()) {
            refused++;
            return false;
        }
        total++;
        perAddress.put(address, mine + 1);
        return true;
    }

    /** Gives back the place taken by {@link #tryOpen}. */
    public synchronized void closed(String address) {
        Integer mine = perAddress.get(address);
        if (mine == null) {
            return;
        }
        total--;
        if (mine <= 1) {
            perAddress.remove(address);
        } else {
            perAddress.put(address, mine - 1);
        }
    }

    public synchronized int open() {
        return total;
    }

    public synchronized long refused() {
        return refused;
    }

    public ListenerLimits limits() {
        return limits;
    }
}
