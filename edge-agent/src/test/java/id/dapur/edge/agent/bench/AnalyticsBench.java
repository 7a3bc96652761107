package id.dapur.edge.agent.bench;

import id.dapur.edge.agent.analytics.H2AnalyticsStore;
import id.dapur.edge.agent.analytics.H2DayRollups;
import id.dapur.edge.agent.analytics.TicketAnalytics;
import id.dapur.edge.agent.audit.H2AuditTrail;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kitchen analytics over the history of a busy outlet: {@code days} days (default 90) of 500
 * orders a day, four tickets each (three cooking stations and expo: 2,000 tickets a day) with their
 * lines, written into a real H2 file as the agent keeps them; then the analytics queries are timed
 * (after warm-up, in the agent's own 64 MB heap when run by scripts/bench.sh analytics) and checked
 * against what was generated. Also measures what a busy day costs on disk: history rows and the audit
 * entries of its ticket actions (START and BUMP of every ticket, through the writer).
 * {@code AnalyticsBench [days]}
 */
public final class AnalyticsBench {
    static final ZoneId ZONE = ZoneId.of("Asia/Jakarta");
    static final String[] STATIONS = {"wok", "grill", "bar"};
    static final String[] COOKS = {"siti", "bayu", "dewi", "rudi", "ana", "joko"};
    static final int ORDERS_A_DAY = 500;

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 90;
        Path dir = Files.createTempDirectory("dapur-analyticsbench-");
        Vertx vertx = Vertx.vertx();
        Database db = Database.open(dir, false);
        db.close();
        compact(dir);
        long before = size(dir);
        db = Database.open(dir, false);
        Random rnd = new Random(42);
        LocalDate last = LocalDate.of(2026, 11, 30);
        LocalDate first = last.minusDays(days - 1);
        long tickets = 0;
        long late = 0;
        long t0 = System.nanoTime();
        try (Connection c = id.dapur.edge.agent.storage.Unjournaled.connection(db)) {
            c.setAutoCommit(false);
            try (PreparedStatement th = c.prepareStatement(
                            "INSERT INTO ticket_history (ticket_id, station, created_at, started_at, ready_at,"
                                    + " served_at, seconds, late, local_hour, started_by, ready_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement lh = c.prepareStatement(
                            "INSERT INTO line_history (ticket_id, line_id, station, sku, name, qty, created_at,"
                                    + " seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                    for (int o = 0; o < ORDERS_A_DAY; o++) {
                        // lunch and dinner peaks, a few breakfasts and late orders
                        int hour = rnd.nextInt(10) < 4
                                ? 11 + rnd.nextInt(3)
                                : rnd.nextInt(10) < 7 ? 17 + rnd.nextInt(4) : 7 + rnd.nextInt(15);
                        Instant created = d.atTime(hour, rnd.nextInt(60), rnd.nextInt(60))
                                .atZone(ZONE)
                                .toInstant();
                        String orderId = "H-" + d + "-" + o;
                        int slowest = 0;
                        for (String st : STATIONS) {
                            int secs = (int)
                                    Math.max(30, (st.equals("bar") ? 120 : 420) * Math.exp(rnd.nextGaussian() * 0.45));
                            slowest = Math.max(slowest, secs);
                            tickets++;
                            late += row(
                                            th,
                                            orderId + "/" + st,
                                            st,
                                            created,
                                            secs,
                                            hour,
                                            COOKS[rnd.nextInt(COOKS.length)])
                                    ? 1
                                    : 0;
                            int lines = 1 + rnd.nextInt(2);
                            for (int l = 1; l <= lines; l++) {
                                int item = rnd.nextInt(20);
                                lh.setString(1, orderId + "/" + st);
                                lh.setString(2, String.valueOf(l));
                                lh.setString(3, st);
                                lh.setString(4, st.toUpperCase() + "-" + item);
                                lh.setString(5, "Menu item " + st + " " + item);
                                lh.setInt(6, 1 + rnd.nextInt(2));
                                lh.setTimestamp(7, Timestamp.from(created));
                                lh.setInt(8, secs);
                                lh.addBatch();
                            }
                        }
                        tickets++;
                        late += row(
                                        th,
                                        orderId + "/expo",
                                        "expo",
                                        created,
                                        slowest + 30 + rnd.nextInt(60),
                                        hour,
                                        COOKS[4])
                                ? 1
                                : 0;
                    }
                    th.executeBatch();
                    lh.executeBatch();
                    c.commit();
                }
            }
        }
        double genS = (System.nanoTime() - t0) / 1e9;
        db.close(); // what stays on disk once compacted, as the agent compacts its file when it has grown
        // (FileCompaction)
        compact(dir);
        long historyBytes = size(dir) - before;
        db = Database.open(dir, false);
        System.out.printf(
                "generated %d days, %,d tickets (%,d late) in %.1f s; history on disk %.1f MB compacted (%,d bytes a day)%n",
                days, tickets, late, genS, historyBytes / 1e6, historyBytes / days);

        TicketAnalytics rawAnswer = answer(
                db,
                first.atStartOfDay(ZONE).toInstant(),
                last.plusDays(1).atStartOfDay(ZONE).toInstant());
        // the agent rolls up each finished day (DailySummary): here all of them, timed
        long r0 = System.nanoTime();
        try (Connection c = id.dapur.edge.agent.storage.Unjournaled.connection(db)) {
            c.setAutoCommit(false);
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                H2DayRollups.rollUp(c, d, ZONE);
                c.commit();
            }
        }
        db.close();
        compact(dir);
        long rollupBytes = size(dir) - before - historyBytes;
        db = Database.open(dir, false);
        System.out.printf(
                "rolled up %d days in %.0f ms (%.1f ms a day); rollups on disk about %,d bytes a day%n",
                days,
                (System.nanoTime() - r0) / 1e6,
                (System.nanoTime() - r0) / 1e6 / days,
                Math.max(0, rollupBytes) / days);
        Instant from = first.atStartOfDay(ZONE).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(ZONE).toInstant();
        Instant dayFrom = last.atStartOfDay(ZONE).toInstant();
        check(db, from, to, tickets, late);
        if (!rawAnswer.equals(answer(db, from, to))) {
            throw new IllegalStateException("the rolled-up answer differs from the raw one");
        }
        System.out.println("checked: the rolled-up answer equals the one from the history rows");
        report(days + " days, all stations", time(db, from, to, null));
        report(days + " days, one station", time(db, from, to, "wok"));
        report("one day, all stations", time(db, dayFrom, to, null));
        report(days + " days + 12 h not rolled up", time(db, from.minus(Duration.ofHours(12)), to, null));

        db.close();
        // a busy day's audit entries in a database of their own: START and BUMP of every cooking ticket, BUMP at expo
        // (7 an order)
        Path auditDir = Files.createTempDirectory("dapur-auditbench-");
        db = Database.open(auditDir, false);
        db.close();
        compact(auditDir);
        long auditBefore = size(auditDir);
        db = Database.open(auditDir, false);
        GroupCommitWriter writer = new GroupCommitWriter(db, e -> {});
        int entries = ORDERS_A_DAY * 7;
        List<Future<?>> pending = new ArrayList<>();
        Instant at = dayFrom.plus(Duration.ofHours(10));
        for (int i = 0; i < entries; i += 50) {
            int start = i;
            pending.add(writer.submit(vertx.getOrCreateContext(), true, (c, batch) -> {
                for (int k = start; k < Math.min(entries, start + 50); k++) {
                    H2AuditTrail.append(
                            c,
                            batch,
                            at.plusSeconds(k),
                            "staff:" + COOKS[k % COOKS.length],
                            k % 2 == 0 ? "TICKET_START" : "TICKET_BUMP",
                            "H-" + k + "/wok",
                            Map.of(
                                    "actionId",
                                    "wok-" + Long.toString(1_700_000_000_000L + k, 36) + "-" + k,
                                    "status",
                                    k % 2 == 0 ? "IN_PROGRESS" : "READY",
                                    "by",
                                    COOKS[k % COOKS.length],
                                    "via",
                                    "mqtt:dapur/demo-01/kds/wok/actions"));
                }
                return null;
            }));
        }
        Future.all(pending).await(120, TimeUnit.SECONDS);
        writer.close();
        Map<String, Object> v;
        try (Connection c = db.connection()) {
            v = H2AuditTrail.verify(c);
        }
        db.close();
        compact(auditDir);
        long auditBytes = size(auditDir) - auditBefore;
        if (!Boolean.TRUE.equals(v.get("ok")) || ((Number) v.get("entries")).longValue() != entries) {
            throw new IllegalStateException("audit bench result is wrong: " + v);
        }
        System.out.printf(
                "audit: %,d entries of a busy day, %,d bytes on disk (%.0f B an entry); 400 days: %.0f MB%n",
                entries, auditBytes, (double) auditBytes / entries, auditBytes * 400 / 1e6);
        vertx.close();
    }

    private static boolean row(
            PreparedStatement th, String id, String st, Instant created, int secs, int hour, String by)
            throws Exception {
        boolean late = secs > 900;
        th.setString(1, id);
        th.setString(2, st);
        th.setTimestamp(3, Timestamp.from(created));
        th.setTimestamp(4, Timestamp.from(created.plusSeconds(20)));
        th.setTimestamp(5, Timestamp.from(created.plusSeconds(secs)));
        th.setTimestamp(6, Timestamp.from(created.plusSeconds(secs + 60)));
        th.setInt(7, secs);
        th.setBoolean(8, late);
        th.setInt(9, hour);
        th.setString(10, by);
        th.setString(11, by);
        th.addBatch();
        return late;
    }

    /** The answer must count every generated ticket and late one. */
    private static void check(Database db, Instant from, Instant to, long tickets, long late) throws Exception {
        try (Connection c = db.connection()) {
            List<TicketAnalytics.Station> st =
                    H2AnalyticsStore.tickets(c, from, to, null, ZONE).stations();
            long n = st.stream().mapToLong(TicketAnalytics.Station::tickets).sum();
            long l = st.stream().mapToLong(TicketAnalytics.Station::late).sum();
            if (n != tickets || l != late || st.size() != 4) {
                throw new IllegalStateException(
                        "analytics result is wrong: " + n + " tickets, " + l + " late, of " + tickets + "/" + late);
            }
            System.out.println("checked: " + n + " tickets, " + l + " late, per station " + st);
        }
    }

    private static TicketAnalytics answer(Database db, Instant from, Instant to) throws Exception {
        try (Connection c = db.connection()) {
            return H2AnalyticsStore.tickets(c, from, to, null, ZONE);
        }
    }

    private static double[] time(Database db, Instant from, Instant to, String station) throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Connection c = db.connection()) {
                H2AnalyticsStore.tickets(c, from, to, station, ZONE);
            }
        }
        double[] ms = new double[15];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            try (Connection c = db.connection()) {
                H2AnalyticsStore.tickets(c, from, to, station, ZONE);
            }
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(String what, double[] ms) {
        System.out.printf(
                "%-24s median %6.1f ms, max %6.1f ms (15 runs after 3 warm-ups; target < 200 ms)%n",
                what, ms[ms.length / 2], ms[ms.length - 1]);
    }

    /** Compacts the closed database file in place (H2's offline compaction, as the agent does it). */
    private static void compact(Path dir) throws Exception {
        Path file = dir.resolve("dapur.mv.db");
        Path tmp = dir.resolve("dapur.mv.db.compacting");
        org.h2.mvstore.MVStore.compact(file.toString(), tmp.toString(), true, null);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long size(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
