package id.dapur.edge.agent.analytics;

import id.dapur.edge.agent.kitchen.TicketTable;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.waste.WasteLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kitchen analytics from the ticket history: per station tickets, p50/p90 of created →
 * READY and late tickets; per item count and p50; per cook bumps and p50 of the tickets they bumped;
 * extensions: tickets per hour of the day and p50/p90 per daypart. Percentiles are nearest-rank
 * (the smallest time that at least that share of tickets took no longer than), whole seconds. Tickets
 * count in the range by when they were created; only tickets that reached READY have a time.
 *
 * <p>Whole local days inside the range are read from their rollups ({@code history_rollups}: per
 * station and hour, item and cook, a histogram of seconds), the rest (today, partial days, days not
 * rolled up yet) from the history rows; both give the same exact answer. 90 days of a busy outlet
 * answer in tens of milliseconds (docs/PERFORMANCE.md). Blocking: call from a worker.
 */
public final class H2AnalyticsStore {
    static final String HOUR = "hour";
    static final String ITEM = "item";
    static final String STAFF = "staff";
    static final String DAY = "day";

    private H2AnalyticsStore() {}

    /** One group's counts: tickets (or lines), late ones, quantity, and the histogram of times of those that were READY. */
    static final class Tally {
        long all;
        long late;
        long qty;
        String name;
        final Histogram hist = new Histogram();

        void add(Tally t) {
            all += t.all;
            late += t.late;
            qty += t.qty;
            if (name == null) {
                name = t.name;
            }
            hist.addAll(t.hist);
        }
    }

    /** Groups by dimension, then "station|group". */
    static final class Tallies {
        final Map<String, Map<String, Tally>> byDim = new HashMap<>();

        Tally at(String dim, String station, String grp) {
            return byDim.computeIfAbsent(dim, d -> new HashMap<>())
                    .computeIfAbsent(station + "|" + grp, k -> new Tally());
        }

        void add(Tallies other) {
            other.byDim.forEach((dim, m) -> m.forEach((k, t) -> byDim.computeIfAbsent(dim, d -> new HashMap<>())
                    .computeIfAbsent(k, x -> new Tally())
                    .add(t)));
        }

        Map<String, Tally> of(String dim) {
            return byDim.getOrDefault(dim, Map.of());
        }
    }

    /** Dayparts by the local hour a ticket was created (extension; docs/analytics.md). */
    static String daypart(int hour) {
        return hour >= 5 && hour <= 10
                ? "breakfast"
                : hour >= 11 && hour <= 14
                        ? "lunch"
                        : hour >= 15 && hour <= 16 ? "afternoon" : hour >= 17 && hour <= 21 ? "dinner" : "late";
    }

    /** The analytics of tickets created in [from, to), one station or all. */
    public static TicketAnalytics tickets(Connection c, Instant from, Instant to, String station, ZoneId zone)
            throws SQLException {
        Tallies t = new Tallies();
        LocalDate firstWhole = from.atZone(zone).toLocalDate();
        if (!firstWhole.atStartOfDay(zone).toInstant().equals(from)) {
            firstWhole = firstWhole.plusDays(1);
        }
        LocalDate endWhole = to.atZone(zone).toLocalDate(); // exclusive
        Instant cursor = from;
        if (firstWhole.isBefore(endWhole)) {
            List<LocalDate> rolled = rolledUp(c, firstWhole, endWhole);
            for (LocalDate d : rolled) {
                Instant dayStart = d.atStartOfDay(zone).toInstant();
                if (cursor.isBefore(dayStart)) {
                    raw(c, cursor, dayStart, station, t);
                }
                cursor = d.plusDays(1).atStartOfDay(zone).toInstant();
            }
            rollups(c, rolled, station, t);
        }
        if (cursor.isBefore(to)) {
            raw(c, cursor, to, station, t);
        }
        return answer(from, to, t);
    }

    /** {@link #tickets(Connection, Instant, Instant, String)} read on a worker. */
    public static Future<TicketAnalytics> tickets(Vertx vertx, Database db, Instant from, Instant to, String station) {
        return db.read(vertx, c -> tickets(c, from, to, station));
    }

    /**
     * A day at a glance, read on a worker: ticket analytics, late tickets, waste totals, orders taken
     * and tickets still open.
     */
    public static Future<Map<String, Object>> glance(
            Vertx vertx, Database db, TicketTable kitchen, Instant from, Instant to) {
        return db.read(vertx, c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("analytics", tickets(c, from, to, null));
            out.put("late", late(c, from, to));
            out.put("waste", WasteLog.totals(c, from, to));
            out.put("orders", kitchen.ordersReceived(c, from, to));
            out.put("openTickets", kitchen.openTickets(c));
            return out;
        });
    }

    /** As {@link #tickets(Connection, Instant, Instant, String, ZoneId)} in the system's zone. */
    public static TicketAnalytics tickets(Connection c, Instant from, Instant to, String station) throws SQLException {
        return tickets(c, from, to, station, ZoneId.systemDefault());
    }

    private static TicketAnalytics answer(Instant from, Instant to, Tallies t) {
        Map<String, Tally> stations = new TreeMap<>();
        Map<Integer, Long> hours = new TreeMap<>();
        Map<String, Tally> parts = new LinkedHashMap<>();
        List<Map.Entry<String, Tally>> byHour = new ArrayList<>(t.of(HOUR).entrySet());
        byHour.sort(Comparator.comparingInt(
                e -> Integer.parseInt(e.getKey().substring(e.getKey().indexOf('|') + 1))));
        for (Map.Entry<String, Tally> e : byHour) {
            String st = e.getKey().substring(0, e.getKey().indexOf('|'));
            int hour = Integer.parseInt(e.getKey().substring(e.getKey().indexOf('|') + 1));
            stations.computeIfAbsent(st, k -> new Tally()).add(e.getValue());
            hours.merge(hour, e.getValue().all, Long::sum);
            parts.computeIfAbsent(daypart(hour), k -> new Tally()).add(e.getValue());
        }
        List<TicketAnalytics.Station> st = new ArrayList<>();
        stations.forEach((k, v) -> {
            if (v.hist.total() > 0) {
                st.add(new TicketAnalytics.Station(
                        k, v.hist.total(), v.hist.percentile(0.5), v.hist.percentile(0.9), v.late));
            }
        });
        Map<String, Tally> items = new HashMap<>();
        t.of(ITEM)
                .forEach((k, v) -> items.computeIfAbsent(k.substring(k.indexOf('|') + 1), x -> new Tally())
                        .add(v));
        List<Map.Entry<String, Tally>> itemList = new ArrayList<>(items.entrySet());
        itemList.sort(Comparator.<Map.Entry<String, Tally>>comparingLong(e -> -e.getValue().qty)
                .thenComparing(e -> e.getValue().name));
        List<TicketAnalytics.Item> it = new ArrayList<>();
        for (Map.Entry<String, Tally> e : itemList.subList(0, Math.min(500, itemList.size()))) {
            it.add(new TicketAnalytics.Item(
                    e.getKey().startsWith("~") ? null : e.getKey(),
                    e.getValue().name,
                    e.getValue().qty,
                    e.getValue().hist.percentile(0.5),
                    e.getValue().hist.percentile(0.9)));
        }
        Map<String, Tally> staff = new TreeMap<>();
        t.of(STAFF)
                .forEach((k, v) -> staff.computeIfAbsent(k.substring(k.indexOf('|') + 1), x -> new Tally())
                        .add(v));
        List<TicketAnalytics.Staff> sf = new ArrayList<>();
        staff.forEach((k, v) -> sf.add(new TicketAnalytics.Staff(k, v.hist.total(), v.hist.percentile(0.5))));
        List<TicketAnalytics.Hour> hs = new ArrayList<>();
        hours.forEach((h, n) -> hs.add(new TicketAnalytics.Hour(h, n)));
        List<TicketAnalytics.Daypart> dp = new ArrayList<>();
        parts.forEach((k, v) -> {
            if (v.hist.total() > 0) {
                dp.add(new TicketAnalytics.Daypart(k, v.hist.total(), v.hist.percentile(0.5), v.hist.percentile(0.9)));
            }
        });
        return new TicketAnalytics(from, to, st, it, sf, hs, dp);
    }

    /** Tallies of the history rows created in [from, to). */
    static void raw(Connection c, Instant from, Instant to, String station, Tallies t) throws SQLException {
        String only = station == null ? "" : " AND station = ?";
        try (PreparedStatement ps =
                c.prepareStatement("SELECT station, local_hour, seconds, late, ready_by FROM ticket_history"
                        + " WHERE created_at >= ? AND created_at < ?" + only)) {
            bind(ps, from, to, station);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String st = rs.getString(1);
                    Tally h = t.at(HOUR, st, String.valueOf(rs.getInt(2)));
                    h.all++;
                    int secs = rs.getInt(3);
                    if (!rs.wasNull()) {
                        h.hist.add(secs, 1);
                        if (rs.getBoolean(4)) {
                            h.late++;
                        }
                        String by = rs.getString(5);
                        if (by != null) {
                            Tally s = t.at(STAFF, st, by);
                            s.all++;
                            s.hist.add(secs, 1);
                        }
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT station, sku, name, qty, seconds FROM line_history"
                + " WHERE created_at >= ? AND created_at < ?" + only)) {
            bind(ps, from, to, station);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sku = rs.getString(2);
                    Tally i = t.at(ITEM, rs.getString(1), sku != null ? sku : "~" + rs.getString(3));
                    i.all++;
                    i.qty += rs.getInt(4);
                    i.name = i.name == null ? rs.getString(3) : i.name;
                    i.hist.add(rs.getInt(5), 1);
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, Instant from, Instant to, String station) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
        if (station != null) {
            ps.setString(3, station);
        }
    }

    static List<LocalDate> rolledUp(Connection c, LocalDate from, LocalDate toExclusive) throws SQLException {
        List<LocalDate> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT local_day FROM history_rollups WHERE dim = 'day' AND local_day >= ? AND local_day < ?"
                        + " ORDER BY local_day")) {
            ps.setDate(1, Date.valueOf(from));
            ps.setDate(2, Date.valueOf(toExclusive));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getDate(1).toLocalDate());
                }
            }
        }
        return out;
    }

    private static void rollups(Connection c, List<LocalDate> days, String station, Tallies t) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT local_day, dim, station, grp, name, all_count, late, qty, hist FROM history_rollups"
                        + " WHERE local_day >= ? AND local_day <= ? AND dim <> 'day'"
                        + (station == null ? "" : " AND station = ?"))) {
            ps.setDate(1, Date.valueOf(days.get(0)));
            ps.setDate(2, Date.valueOf(days.get(days.size() - 1)));
            if (station != null) {
                ps.setString(3, station);
            }
            Set<LocalDate> wanted = new HashSet<>(days);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!wanted.contains(rs.getDate(1).toLocalDate())) {
                        continue; // a day between them that is not rolled up: read raw
                    }
                    Tally x = t.at(rs.getString(2), rs.getString(3), rs.getString(4));
                    x.name = x.name == null ? rs.getString(5) : x.name;
                    x.all += rs.getInt(6);
                    x.late += rs.getInt(7);
                    x.qty += rs.getInt(8);
                    x.hist.addAll(Histogram.decode(rs.getBytes(9)));
                }
            }
        }
    }

    /** The most recent late tickets created in [from, to) (for the dashboard). */
    public static TicketAnalytics.LateTickets late(Connection c, Instant from, Instant to) throws SQLException {
        List<TicketAnalytics.Late> l = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ticket_id, station, seconds, ready_by FROM ticket_history WHERE created_at >= ?"
                        + " AND created_at < ? AND late ORDER BY created_at DESC LIMIT 20")) {
            bind(ps, from, to, null);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    l.add(new TicketAnalytics.Late(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
        }
        return new TicketAnalytics.LateTickets(l);
    }

    /** Deletes history and rollups older than {@code before}, then the oldest past {@code maxTickets}; rows deleted. Writer task. */
    public static int purge(Connection c, Instant before, int maxTickets) throws SQLException {
        int n = delete(c, "DELETE FROM ticket_history WHERE created_at < ? LIMIT 20000", before)
                + delete(c, "DELETE FROM line_history WHERE created_at < ? LIMIT 50000", before);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM history_rollups WHERE local_day < ?")) {
            ps.setDate(
                    1,
                    Date.valueOf(
                            before.atZone(ZoneId.systemDefault()).toLocalDate().minusDays(1)));
            n += ps.executeUpdate();
        }
        Instant cut = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT created_at FROM ticket_history ORDER BY created_at DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            ps.setInt(1, maxTickets);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    cut = rs.getTimestamp(1).toInstant();
                }
            }
        }
        if (cut != null) {
            Instant after = cut.plusNanos(1000);
            n += delete(c, "DELETE FROM ticket_history WHERE created_at < ? LIMIT 20000", after)
                    + delete(c, "DELETE FROM line_history WHERE created_at < ? LIMIT 50000", after);
        }
        return n;
    }

    private static int delete(Connection c, String sql, Instant before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        }
    }

    /** Whether the summary of {@code day} was sent. */
    static boolean summarySent(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM daily_summaries WHERE local_day = ?")) {
            ps.setDate(1, Date.valueOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Notes that the summary of {@code day} was sent, in the unit of work that queues it for the cloud. */
    static void summarySent(Connection c, LocalDate day, Instant at) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO daily_summaries (local_day, sent_at) VALUES (?, ?)")) {
            ps.setDate(1, Date.valueOf(day));
            ps.setTimestamp(2, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    /** Whether any ticket was created in [from, to) (a day the outlet was closed sends nothing). */
    static boolean anyHistory(Connection c, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM ticket_history WHERE created_at >= ? AND created_at < ? LIMIT 1")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
