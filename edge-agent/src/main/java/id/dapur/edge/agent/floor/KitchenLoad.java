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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Live kitchen load (CONTRACT §10), pure and confined to one thread: each station's open items (live
 * lines not yet READY) weighted by their prep time (a line being cooked counts half), divided by how
 * many items a station cooks at once ({@code kitchen.load.parallel}), is its estimated wait. The quote
 * is the longest wait plus the default prep time, in whole minutes up; it gives the level: BUSY from
 * {@code busyAt}, SLAMMED from {@code slammedAt}. Also measures cook times for {@link PrepTimes}.
 */
public final class KitchenLoad {
    public enum Level { NORMAL, BUSY, SLAMMED }

    /** What a ticket adds to its station's load. */
    private record Share(String station, int items, long weightedMillis) {
    }

    private final List<String> stations;
    private final KitchenConfig.Load config;
    private final PrepTimes prep;
    private final Clock clock;
    private final Map<String, Share> shares = new HashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    /** When each line of an open ticket was started (IN_PROGRESS), for measuring cook times. */
    private final Map<String, Map<String, Instant>> started = new HashMap<>();
    private final Map<String, Map<String, TicketStatus>> lastStatus = new HashMap<>();

    public KitchenLoad(List<String> cookingStations, KitchenConfig.Load config, PrepTimes prep, Clock clock) {
        this.stations = List.copyOf(cookingStations);
        this.config = config;
        this.prep = prep;
        this.clock = clock;
    }

    /** A ticket as of change {@code seq} (older or repeated changes are ignored). */
    public void apply(long seq, String json) {
        apply(seq, Json.read(json, Ticket.class));
    }

    public void apply(long seq, Ticket t) {
        if (t.expo()) {
            return;
        }
        Long known = seqs.get(t.ticketId());
        if (known != null && known >= seq) {
            return;
        }
        learn(t);
        if (!t.isOpen()) {
            shares.remove(t.ticketId());
            seqs.remove(t.ticketId());
            started.remove(t.ticketId());
            lastStatus.remove(t.ticketId());
            return;
        }
        seqs.put(t.ticketId(), seq);
        int items = 0;
        long weighted = 0;
        for (TicketLine l : t.items()) {
            if (l.status() == TicketStatus.NEW || l.status() == TicketStatus.IN_PROGRESS) {
                items += l.qty();
                long ms = prep.of(l.sku()).toMillis() * l.qty();
                weighted += l.status() == TicketStatus.IN_PROGRESS ? ms / 2 : ms;
            }
        }
        shares.put(t.ticketId(), new Share(t.station(), items, weighted));
    }

    /** Cook times: a line bumped READY took from its start (or its paced fire time, or the ticket's creation) until then. */
    private void learn(Ticket t) {
        Map<String, TicketStatus> before = lastStatus.computeIfAbsent(t.ticketId(), k -> new HashMap<>());
        Map<String, Instant> starts = started.computeIfAbsent(t.ticketId(), k -> new HashMap<>());
        for (TicketLine l : t.items()) {
            TicketStatus was = before.get(l.lineId());
            if (l.status() == TicketStatus.IN_PROGRESS && was != TicketStatus.IN_PROGRESS) {
                starts.put(l.lineId(), t.updatedAt());
            } else if (l.status() == TicketStatus.READY && (was == TicketStatus.NEW || was == TicketStatus.IN_PROGRESS)) {
                Instant from = starts.getOrDefault(l.lineId(), l.fireAt() != null ? l.fireAt() : t.createdAt());
                prep.observed(l.sku(), Duration.between(from, t.updatedAt()));
            }
            before.put(l.lineId(), l.status());
        }
    }

    /** {@code {"level", "quoteMinutes", "stations": [{"station", "openItems", "estimatedWaitSeconds"}], "ts"}}. */
    public Map<String, Object> now() {
        Map<String, int[]> items = new LinkedHashMap<>();
        Map<String, long[]> weighted = new LinkedHashMap<>();
        for (String s : stations) {
            items.put(s, new int[1]);
            weighted.put(s, new long[1]);
        }
        for (Share sh : shares.values()) {
            items.computeIfAbsent(sh.station(), k -> new int[1])[0] += sh.items();
            weighted.computeIfAbsent(sh.station(), k -> new long[1])[0] += sh.weightedMillis();
        }
        long longest = 0;
        List<Map<String, Object>> per = new ArrayList<>();
        for (String s : items.keySet()) {
            long wait = weighted.get(s)[0] / config.parallel() / 1000;
            longest = Math.max(longest, wait);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("station", s);
            m.put("openItems", items.get(s)[0]);
            m.put("estimatedWaitSeconds", wait);
            per.add(m);
        }
        long quote = (longest + config.defaultPrepTime().toSeconds() + 59) / 60;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("level", level(quote).name());
        out.put("quoteMinutes", quote);
        out.put("stations", per);
        out.put("ts", clock.instant());
        return out;
    }

    Level level(long quoteMinutes) {
        if (quoteMinutes >= config.slammedAt().toMinutes()) {
            return Level.SLAMMED;
        }
        return quoteMinutes >= config.busyAt().toMinutes() ? Level.BUSY : Level.NORMAL;
    }
}
