package id.dapur.edge.agent.floor;

import id.dapur.edge.agent.kitchen.PrepTimes;
import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketLine;
import id.dapur.edge.agent.kitchen.TicketStatus;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.config.KitchenConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live kitchen load, pure and confined to one thread: each station's open items (live
 * lines not yet READY) weighted by their prep time (a line being cooked counts half), divided by how
 * many items a station cooks at once ({@code kitchen.load.parallel}), is its estimated wait. The quote
 * is the longest wait plus the default prep time, in whole minutes up; it gives the level: BUSY from
 * {@code busyAt}, SLAMMED from {@code slammedAt}. Also measures cook times for {@link PrepTimes}.
 */
public final class KitchenLoad {
    public enum Level {
        NORMAL,
        BUSY,
        SLAMMED
    }

    /** One station's share: its open items and the wait they make. */
    public record StationLoad(String station, int openItems, long estimatedWaitSeconds) {}

    /** The kitchen's load (the contract's KitchenLoad): its level, the wait to quote a guest, each station, when. */
    public record Load(Level level, long quoteMinutes, List<StationLoad> stations, Instant ts) {
        public Load {
            stations = List.copyOf(stations);
        }
    }

    /**
     * An open ticket as far as the load goes: what it adds to its station, and per line its status and
     * when it was started (0: not seen started), to measure cook times. About 100 bytes.
     */
    private record Tracked(
            String station,
            int items,
            long weightedMillis,
            long seq,
            String lineIds,
            byte[] statuses,
            long[] startedAt,
            long createdAt) {}

    /** At most this many open tickets are tracked (the oldest are let go): far past SLAMMED, and memory stays bounded. */
    static final int MAX_TRACKED = 10_000;

    private final List<String> stations;
    private final KitchenConfig.Load config;
    private final PrepTimes prep;
    private final Clock clock;
    private final Map<String, int[]> items = new LinkedHashMap<>();
    private final Map<String, long[]> weighted = new LinkedHashMap<>();
    private final Map<String, Tracked> open = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
            if (size() <= MAX_TRACKED) {
                return false;
            }
            add(eldest.getValue(), -1);
            return true;
        }
    };

    public KitchenLoad(List<String> cookingStations, KitchenConfig.Load config, PrepTimes prep, Clock clock) {
        this.stations = List.copyOf(cookingStations);
        this.config = config;
        this.prep = prep;
        this.clock = clock;
        for (String s : stations) {
            items.put(s, new int[1]);
            weighted.put(s, new long[1]);
        }
    }

    /** A ticket as of change {@code seq} (older or repeated changes are ignored). */
    public void apply(long seq, String json) {
        apply(seq, Json.read(json, Ticket.class));
    }

    public void apply(long seq, Ticket t) {
        if (t.expo()) {
            return;
        }
        Tracked before = open.get(t.ticketId());
        if (before != null && before.seq() >= seq) {
            return;
        }
        long[] started = learn(t, before);
        if (before != null) {
            add(before, -1);
            open.remove(t.ticketId());
        }
        if (!t.isOpen()) {
            return;
        }
        int n = 0;
        long w = 0;
        StringBuilder ids = new StringBuilder();
        byte[] statuses = new byte[t.items().size()];
        for (int i = 0; i < t.items().size(); i++) {
            TicketLine l = t.items().get(i);
            ids.append(l.lineId()).append('\n');
            statuses[i] = (byte) l.status().ordinal();
            if (l.status() == TicketStatus.NEW || l.status() == TicketStatus.IN_PROGRESS) {
                n += l.qty();
                long ms = prep.of(l.sku()).toMillis() * l.qty();
                w += l.status() == TicketStatus.IN_PROGRESS ? ms / 2 : ms;
            }
        }
        long created = t.createdAt() == null ? 0 : t.createdAt().toEpochMilli();
        Tracked now = new Tracked(t.station(), n, w, seq, ids.toString(), statuses, started, created);
        open.put(t.ticketId(), now);
        add(now, 1);
    }

    private void add(Tracked t, int sign) {
        items.computeIfAbsent(t.station(), k -> new int[1])[0] += sign * t.items();
        weighted.computeIfAbsent(t.station(), k -> new long[1])[0] += sign * t.weightedMillis();
    }

    /**
     * Cook times: a line bumped READY took from its start (or its paced fire time, or the ticket's
     * creation) until then. Returns when each line was started, as known after this change.
     */
    private long[] learn(Ticket t, Tracked before) {
        List<String> oldIds =
                before == null ? List.of() : List.of(before.lineIds().split("\n"));
        long[] started = new long[t.items().size()];
        for (int i = 0; i < t.items().size(); i++) {
            TicketLine l = t.items().get(i);
            int j = oldIds.indexOf(l.lineId());
            TicketStatus was = j < 0 ? null : TicketStatus.values()[before.statuses()[j]];
            started[i] = j < 0 ? 0 : before.startedAt()[j];
            if (l.status() == TicketStatus.IN_PROGRESS && was != TicketStatus.IN_PROGRESS) {
                started[i] = t.updatedAt().toEpochMilli();
            } else if (l.status() == TicketStatus.READY
                    && (was == TicketStatus.NEW || was == TicketStatus.IN_PROGRESS)) {
                Instant from = started[i] != 0
                        ? Instant.ofEpochMilli(started[i])
                        : l.fireAt() != null ? l.fireAt() : t.createdAt();
                prep.observed(l.sku(), Duration.between(from, t.updatedAt()));
            }
        }
        return started;
    }

    /** The load now. */
    /** When the newest open ticket was created; empty when none is open (asked now and then: it walks them all). */
    public Optional<Instant> newestOpenTicket() {
        long newest = 0;
        for (Tracked t : open.values()) {
            newest = Math.max(newest, t.createdAt());
        }
        return open.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest));
    }

    public Load now() {
        long longest = 0;
        List<StationLoad> per = new ArrayList<>();
        for (Map.Entry<String, int[]> e : items.entrySet()) {
            long wait = weighted.get(e.getKey())[0] / config.parallel() / 1000;
            longest = Math.max(longest, wait);
            per.add(new StationLoad(e.getKey(), e.getValue()[0], wait));
        }
        long quote = (longest + config.defaultPrepTime().toSeconds() + 59) / 60;
        return new Load(level(quote), quote, per, clock.instant());
    }

    Level level(long quoteMinutes) {
        if (quoteMinutes >= config.slammedAt().toMinutes()) {
            return Level.SLAMMED;
        }
        return quoteMinutes >= config.busyAt().toMinutes() ? Level.BUSY : Level.NORMAL;
    }
}
