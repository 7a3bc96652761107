package id.dapur.edge.agent.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Which new orders get which fault: every {@code every}-th new order the next fault of a cycle
 * ({@code --faults}, {@code --fault-every}), and before those any fault asked for from the sandbox's
 * page, once each. A restart is never asked for while one is under way. Not thread-safe: the
 * {@link PosWatch} holding it is.
 */
public final class FaultPlan {
    private final List<Fault> cycle;
    private final int every;
    private final Deque<Fault> asked = new ArrayDeque<>();
    private int seen;
    private int next;

    public FaultPlan(List<Fault> cycle, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("--fault-every must be 1 or more");
        }
        this.cycle = List.copyOf(cycle);
        this.every = every;
    }

    /** The fault for the next new valid order, or null. */
    Fault next(boolean restarting) {
        Fault f = asked.peekFirst();
        if (f != null && !(f == Fault.RESTART && restarting)) {
            return asked.pollFirst();
        }
        seen++;
        if (cycle.isEmpty() || seen % every != 0) {
            return null;
        }
        Fault c = cycle.get(next % cycle.size());
        if (c == Fault.RESTART && restarting) {
            return null;
        }
        next++;
        return c;
    }

    /** Asks for {@code fault} on the next new order (the page's buttons; a fault that proved nothing). */
    void again(Fault fault) {
        asked.addFirst(fault);
    }

    void ask(Fault fault) {
        asked.addLast(fault);
    }

    /** Faults the cycle holds, for the banner. */
    List<Fault> cycle() {
        return cycle;
    }

    int every() {
        return every;
    }
}
