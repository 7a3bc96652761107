package id.dapur.edge.agent.floor;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.kitchen.TicketStatus;
import id.dapur.edge.agent.orders.Channel;
import id.dapur.edge.agent.storage.TicketChange;
import id.dapur.edge.agent.support.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the ready board at the pickup counter shows: orders "preparing" and "ready",
 * by number and channel, and the customer's {@code displayName} when the order set one; never items,
 * prices, tables or customer names. Built from the stations' ticket changes (expo tickets only mirror
 * them). Without an expo station an order is ready when every live ticket of it is READY, and leaves
 * the board when it is SERVED (the counter bumped it: picked up). With an expo, the expo's bump (which
 * serves it, the contract) is what sends it to the pickup counter: it is ready from then on. Either way
 * it leaves once voided, or when it has been ready for {@code board.readyFor}. Confined to one Vert.x
 * context; changes are applied in sequence order, so a snapshot read at start and live changes
 * arriving meanwhile agree.
 */
public final class ReadyBoard {
    static final int MAX_SHOWN = 60;

    /** One order on the board: what a customer may see, and what decides where it stands. */
    private static final class Entry {
        final String orderId;
        Channel channel;
        String displayName;
        Instant createdAt;
        Instant readyAt;
        final Map<String, Long> seqs = new HashMap<>();
        final Map<String, TicketStatus> stations = new HashMap<>();

        Entry(String orderId) {
            this.orderId = orderId;
        }

        /** PREPARING, READY, or null when it no longer belongs on the board (served, voided). */
        String state(boolean expoServes) {
            boolean live = false;
            boolean allReady = true;
            boolean allServed = true;
            for (TicketStatus s : stations.values()) {
                if (s == TicketStatus.VOIDED) {
                    continue;
                }
                live = true;
                allReady &= s == TicketStatus.READY || s == TicketStatus.SERVED;
                allServed &= s == TicketStatus.SERVED;
            }
            if (!live) {
                return null;
            }
            if (expoServes) {
                return allServed ? "READY" : "PREPARING";
            }
            return allServed ? null : allReady ? "READY" : "PREPARING";
        }
    }

    /** At most this many orders are on the board (the oldest leave first): a board shows 60 of each, and memory stays bounded. */
    static final int MAX_ORDERS = 1_000;

    private final Map<String, Entry> orders = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            if (size() <= MAX_ORDERS) {
                return false;
            }
            gone.put(
                    eldest.getKey(),
                    eldest.getValue().seqs.values().stream()
                            .mapToLong(Long::longValue)
                            .max()
                            .orElse(0));
            return true;
        }
    };
    /** The last change seen of orders that left, so an older change read late (a snapshot) cannot bring one back. */
    private final Map<String, Long> gone = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 5000;
        }
    };

    private final Duration readyFor;
    private final boolean expoServes;
    private final Clock clock;

    /** {@code expoServes}: the outlet has an expo station, whose bump sends an order to the counter. */
    public ReadyBoard(Duration readyFor, boolean expoServes, Clock clock) {
        this.readyFor = readyFor;
        this.expoServes = expoServes;
        this.clock = clock;
    }

    /** The number a customer sees: the last part of the order id (after its last - _ . or :), without leading zeros, at most 6 characters. */
    public static String number(String orderId) {
        int cut = Math.max(
                Math.max(orderId.lastIndexOf('-'), orderId.lastIndexOf('_')),
                Math.max(orderId.lastIndexOf('.'), orderId.lastIndexOf(':')));
        String tail = cut >= 0 && cut < orderId.length() - 1 ? orderId.substring(cut + 1) : orderId;
        String digits = tail.replaceFirst("^0+(?=.)", "");
        return digits.length() <= 6 ? digits : digits.substring(digits.length() - 6);
    }

    /** Committed changes; returns whether the board changed. */
    public boolean committed(List<TicketChanged> changes) {
        return applied(ChangedTicket.of(changes));
    }

    /** Changes parsed already. */
    public boolean applied(List<ChangedTicket> changes) {
        boolean changed = false;
        for (ChangedTicket c : changes) {
            changed |= apply(c.seq(), c.ticket());
        }
        return changed;
    }

    /** A snapshot read at start (open tickets, and those finished recently). */
    public boolean loaded(List<TicketChange> changes) {
        boolean changed = false;
        for (TicketChange c : changes) {
            changed |= apply(c.seq(), Json.read(c.json(), Ticket.class));
        }
        return changed;
    }

    private boolean apply(long seq, Ticket t) {
        if (t.expo()) {
            return false;
        }
        Entry e = orders.get(t.orderId());
        Long left = gone.get(t.orderId());
        if (e == null && left != null && left >= seq) {
            return false;
        }
        if (e == null) {
            if (t.status() == TicketStatus.VOIDED || !expoServes && !t.isOpen()) {
                return false; // gone before it was ever seen here
            }
            e = new Entry(t.orderId());
            e.createdAt = t.createdAt();
            orders.put(t.orderId(), e);
        }
        Long known = e.seqs.get(t.station());
        if (known != null && known >= seq) {
            return false;
        }
        String before = e.state(expoServes);
        e.seqs.put(t.station(), seq);
        e.stations.put(t.station(), t.status());
        e.channel = t.channel();
        e.displayName = t.displayName();
        String after = e.state(expoServes);
        if (after == null) {
            orders.remove(t.orderId());
            gone.put(t.orderId(), seq);
        } else if ("READY".equals(after) && !"READY".equals(before)) {
            e.readyAt = t.updatedAt(); // when it turned ready, also for a snapshot read after a restart
        } else if (!"READY".equals(after)) {
            e.readyAt = null;
        }
        return !Objects.equals(before, after);
    }

    /** How many orders the board holds (for tests). */
    int size() {
        return orders.size();
    }

    /** Ready orders nobody marked served leave after {@code board.readyFor}; returns whether any did. */
    public boolean expire() {
        Instant cutoff = clock.instant().minus(readyFor);
        return orders.values().removeIf(e -> {
            if (e.readyAt == null || e.readyAt.isAfter(cutoff)) {
                return false;
            }
            gone.put(
                    e.orderId,
                    e.seqs.values().stream().mapToLong(Long::longValue).max().orElse(0));
            return true;
        });
    }

    /** An order as the board shows it: its number, its channel, the guest's name if it has one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shown(String number, String channel, String displayName) {}

    /** The board frame (the contract's BoardFrame): oldest preparing first, newest ready first. */
    public record Frame(String type, List<Shown> preparing, List<Shown> ready, long serverTime) {}

    public Frame message() {
        List<Entry> preparing = new ArrayList<>();
        List<Entry> ready = new ArrayList<>();
        for (Entry e : orders.values()) {
            ("READY".equals(e.state(expoServes)) ? ready : preparing).add(e);
        }
        preparing.sort(Comparator.comparing((Entry e) -> e.createdAt).thenComparing(e -> e.orderId));
        ready.sort(Comparator.comparing((Entry e) -> e.readyAt).reversed().thenComparing(e -> e.orderId));
        return new Frame(
                "board",
                preparing.stream().limit(MAX_SHOWN).map(ReadyBoard::shown).toList(),
                ready.stream().limit(MAX_SHOWN).map(ReadyBoard::shown).toList(),
                clock.millis());
    }

    private static Shown shown(Entry e) {
        return new Shown(number(e.orderId), e.channel.name(), e.displayName);
    }
}
