package id.dapur.edge.agent.foodsafety;

import id.dapur.edge.agent.alerts.Alert;
import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.foodsafety.H2HaccpStore.Excursion;
import id.dapur.edge.agent.foodsafety.H2HaccpStore.Point;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.SensorConfig;
import io.vertx.core.Future;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The daily HACCP record of an outlet, for an inspector: per piece of equipment, its readings (as
 * min/avg/max per interval), every excursion with its duration, the alert it raised, who acknowledged
 * it and what they did; plus every other food-safety alert of the day. Rendered as CSV and as PDF.
 */
public final class HaccpReport {
    /** One sensor's day. */
    public record Equipment(SensorConfig sensor, double limit, List<Point> intervals, List<Excursion> excursions) {}

    /** The whole day; {@code alerts} are the day's food-safety alerts by id. */
    public record Day(
            String outlet,
            String jurisdiction,
            LocalDate date,
            ZoneId zone,
            Instant from,
            Instant to,
            Duration interval,
            List<Equipment> equipment,
            Map<String, Alert> alerts,
            Instant generatedAt) {}

    private final DapurConfig config;
    private final H2HaccpStore store;
    private final Alerts alerts;
    private final ZoneId zone;

    public HaccpReport(DapurConfig config, H2HaccpStore store, Alerts alerts, ZoneId zone) {
        this.config = config;
        this.store = store;
        this.alerts = alerts;
        this.zone = zone;
    }

    public Future<Day> day(LocalDate date, Instant now) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        Duration interval = config.haccp().rollupInterval();
        List<Future<List<Point>>> points = new ArrayList<>();
        for (SensorConfig s : config.sensors()) {
            points.add(store.points(s.id(), from, to));
        }
        Future<List<Excursion>> excursions = store.excursions(from, to);
        Future<List<Alert>> dayAlerts = alerts.during(from, to);
        List<Future<?>> all = new ArrayList<>(points);
        all.add(excursions);
        all.add(dayAlerts);
        return Future.all(all).map(v -> {
            List<Equipment> eq = new ArrayList<>();
            for (int i = 0; i < config.sensors().size(); i++) {
                SensorConfig s = config.sensors().get(i);
                eq.add(new Equipment(
                        s,
                        config.haccp().limit(s),
                        intervals(points.get(i).result(), interval),
                        excursions.result().stream()
                                .filter(e -> e.sensorId().equals(s.id()))
                                .toList()));
            }
            Map<String, Alert> byId = new LinkedHashMap<>();
            dayAlerts.result().stream()
                    .filter(a -> FoodSafety.KINDS.contains(a.kind()))
                    .forEach(a -> byId.put(a.alertId(), a));
            return new Day(
                    config.outlet().name(),
                    config.haccp().jurisdiction(),
                    date,
                    zone,
                    from,
                    to,
                    interval,
                    eq,
                    byId,
                    now);
        });
    }

    /** Raw readings and folded intervals, as min/avg/max per interval (the same rows whatever retention did). */
    static List<Point> intervals(List<Point> points, Duration interval) {
        long ms = interval.toMillis();
        Map<Long, double[]> buckets = new LinkedHashMap<>();
        for (Point p : points) {
            long b = Math.floorDiv(p.at().toEpochMilli(), ms) * ms;
            buckets.merge(b, new double[] {p.min(), p.avg(), p.max(), 1}, (a, x) ->
                    new double[] {Math.min(a[0], x[0]), a[1] + x[1], Math.max(a[2], x[2]), a[3] + x[3]});
        }
        List<Point> out = new ArrayList<>();
        buckets.forEach((b, v) ->
                out.add(new Point(Instant.ofEpochMilli(b), v[0], Math.round(v[1] / v[3] * 100) / 100.0, v[2])));
        return out;
    }

    /** The PDF for an inspector; blocking (call from a worker). */
    public static byte[] pdf(Day d) throws IOException {
        return ReportPdf.render(d);
    }

    /** CSV, one row per interval, excursion and other alert; text cells are guarded against spreadsheet formulas. */
    public static String csv(Day d) {
        DateTimeFormatter t = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(d.zone());
        StringBuilder sb = new StringBuilder("record,sensor,equipment,start,end,min_c,avg_c,max_c,limit_c,duration_min,"
                + "alert_id,severity,message,acknowledged_by,acknowledged_at,corrective_action\r\n");
        Set<String> inExcursions = new HashSet<>();
        for (Equipment e : d.equipment()) {
            String id = e.sensor().id();
            for (Point p : e.intervals()) {
                row(
                        sb,
                        "interval",
                        id,
                        e.sensor().equipment(),
                        t.format(p.at()),
                        t.format(p.at().plus(d.interval())),
                        num(p.min()),
                        num(p.avg()),
                        num(p.max()),
                        num(e.limit()),
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "");
            }
            for (Excursion x : e.excursions()) {
                Alert a = x.alertId() == null ? NO_ALERT : d.alerts().getOrDefault(x.alertId(), NO_ALERT);
                if (x.alertId() != null) {
                    inExcursions.add(x.alertId());
                }
                Instant end = x.endedAt() == null ? d.generatedAt() : x.endedAt();
                row(
                        sb,
                        "excursion",
                        id,
                        e.sensor().equipment(),
                        t.format(x.startedAt()),
                        x.endedAt() == null ? "" : t.format(end),
                        "",
                        "",
                        num(x.peak()),
                        num(x.limit()),
                        String.valueOf(Duration.between(x.startedAt(), end).toMinutes()),
                        text(x.alertId()),
                        text(a.severity()),
                        text(a.message()),
                        text(a.acknowledgedBy()),
                        text(a.acknowledgedAt()),
                        text(a.correctiveAction()));
            }
        }
        for (Alert a : d.alerts().values()) {
            if (!inExcursions.contains(a.alertId())) {
                String subject = a.subject();
                row(
                        sb,
                        "alert",
                        subject.substring(subject.indexOf(':') + 1),
                        a.kind(),
                        text(a.raisedAt()),
                        text(a.clearedAt()),
                        "",
                        "",
                        "",
                        "",
                        "",
                        text(a.alertId()),
                        text(a.severity()),
                        text(a.message()),
                        text(a.acknowledgedBy()),
                        text(a.acknowledgedAt()),
                        text(a.correctiveAction()));
            }
        }
        return sb.toString();
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    /** An excursion whose alert is not in the day's record (raised before it, or none): blank columns. */
    static final Alert NO_ALERT = new Alert(null, null, null, null, null, null, null, null, null, null, null, null);

    static String text(Object o) {
        if (o == null) {
            return "";
        }
        String s = String.valueOf(o);
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    private static void row(StringBuilder sb, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                c = "\"" + c.replace("\"", "\"\"") + "\"";
            }
            sb.append(i == 0 ? "" : ",").append(c);
        }
        sb.append("\r\n");
    }
}
