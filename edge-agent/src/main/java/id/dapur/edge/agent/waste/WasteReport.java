package id.dapur.edge.agent.waste;

import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.support.TablePdf;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The daily waste report: every entry of a local day, totals by reason and by item, with
 * the cost where the menu gives the item a unit cost or a cost per kg. As CSV (cells that a
 * spreadsheet would run as a formula are quoted) and as an A4 PDF.
 */
public final class WasteReport {
    /** One day's entries and totals. */
    public record Day(
            LocalDate date,
            ZoneId zone,
            String outlet,
            String currency,
            Instant generatedAt,
            List<WasteEntry> entries,
            List<Total> byReason,
            List<Total> byItem,
            boolean truncated) {}

    /** A total: weight, count, cost (null when no entry of it had a cost) and how many entries. */
    public record Total(String key, String label, double grams, long qty, Double cost, long entries) {}

    private final Database db;
    private final String outlet;
    private final String currency;
    private final ZoneId zone;
    private final Clock clock;

    public WasteReport(Database db, String outlet, String currency, ZoneId zone, Clock clock) {
        this.db = db;
        this.outlet = outlet;
        this.currency = currency;
        this.zone = zone;
        this.clock = clock;
    }

    /** Reads one day (blocking). */
    public Day day(LocalDate d) throws SQLException {
        Instant from = d.atStartOfDay(zone).toInstant();
        Instant to = d.plusDays(1).atStartOfDay(zone).toInstant();
        WasteList list;
        try (Connection c = db.connection()) {
            list = WasteLog.list(c, from, to, 20_000);
        }
        List<WasteEntry> entries = list.entries();
        Map<String, Total> byReason = new LinkedHashMap<>();
        Map<String, Total> byItem = new LinkedHashMap<>();
        for (WasteEntry e : entries) {
            add(byReason, e.reason(), e.reason(), e);
            add(byItem, e.itemKey(), e.itemLabel(), e);
        }
        List<Total> reasons = new ArrayList<>(byReason.values());
        reasons.sort((a, b) -> a.key().compareTo(b.key()));
        List<Total> items = new ArrayList<>(byItem.values());
        items.sort((a, b) -> a.label().compareTo(b.label()));
        return new Day(d, zone, outlet, currency, clock.instant(), entries, reasons, items, list.truncated() != null);
    }

    private static void add(Map<String, Total> totals, String key, String label, WasteEntry e) {
        double g = e.grams() == null ? 0 : e.grams();
        long q = e.qty() == null ? 0 : e.qty();
        Double cost = e.cost();
        totals.merge(
                key,
                new Total(key, label, g, q, cost, 1),
                (a, b) -> new Total(
                        key,
                        label,
                        a.grams() + b.grams(),
                        a.qty() + b.qty(),
                        a.cost() == null ? b.cost() : b.cost() == null ? a.cost() : Double.valueOf(a.cost() + b.cost()),
                        a.entries() + b.entries()));
    }

    public static String csv(Day d) {
        StringBuilder sb = new StringBuilder(
                "record,key,name,reason,at,grams,qty,cost,currency,staff_id,station,scale,entries\r\n");
        DateTimeFormatter t = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(d.zone());
        for (WasteEntry e : d.entries()) {
            row(
                    sb,
                    "entry",
                    text(e.wasteId()),
                    text(e.name()),
                    text(e.reason()),
                    t.format(e.at()),
                    num(e.grams()),
                    text(e.qty()),
                    num(e.cost()),
                    e.cost() == null ? "" : text(d.currency()),
                    text(e.staffId()),
                    text(e.station()),
                    text(e.scale()),
                    "1");
        }
        for (Total x : d.byReason()) {
            row(
                    sb,
                    "reason",
                    text(x.key()),
                    "",
                    text(x.key()),
                    "",
                    num(x.grams()),
                    String.valueOf(x.qty()),
                    num(x.cost()),
                    x.cost() == null ? "" : text(d.currency()),
                    "",
                    "",
                    "",
                    String.valueOf(x.entries()));
        }
        for (Total x : d.byItem()) {
            row(
                    sb,
                    "item",
                    text(x.key()),
                    text(x.label()),
                    "",
                    "",
                    num(x.grams()),
                    String.valueOf(x.qty()),
                    num(x.cost()),
                    x.cost() == null ? "" : text(d.currency()),
                    "",
                    "",
                    "",
                    String.valueOf(x.entries()));
        }
        return sb.toString();
    }

    public static byte[] pdf(Day d) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Outlet: " + d.outlet() + "     Date: " + d.date() + " (" + d.zone() + ")");
        double grams = d.byReason().stream().mapToDouble(Total::grams).sum();
        long qty = d.byReason().stream().mapToLong(Total::qty).sum();
        double cost = d.byReason().stream()
                .filter(x -> x.cost() != null)
                .mapToDouble(Total::cost)
                .sum();
        lines.add("Entries: " + d.entries().size() + "     Weighed: " + kg(grams) + "     Counted: " + qty
                + "     Known cost: " + d.currency() + " " + money(cost));
        if (d.truncated()) {
            lines.add("Only the first " + d.entries().size() + " entries are listed; the totals are of those.");
        }
        float[] w = {3, 1.3f, 1, 1.6f, 0.8f};
        List<TablePdf.Table> tables = List.of(
                new TablePdf.Table(
                        "By reason",
                        List.of("Reason", "Weight", "Count", "Cost (" + d.currency() + ")", "Entries"),
                        w,
                        d.byReason().stream()
                                .map(x -> List.of(
                                        x.label(),
                                        kg(x.grams()),
                                        String.valueOf(x.qty()),
                                        x.cost() == null ? "-" : money(x.cost()),
                                        String.valueOf(x.entries())))
                                .toList()),
                new TablePdf.Table(
                        "By item",
                        List.of("Item", "Weight", "Count", "Cost (" + d.currency() + ")", "Entries"),
                        w,
                        d.byItem().stream()
                                .map(x -> List.of(
                                        x.label(),
                                        kg(x.grams()),
                                        String.valueOf(x.qty()),
                                        x.cost() == null ? "-" : money(x.cost()),
                                        String.valueOf(x.entries())))
                                .toList()),
                new TablePdf.Table(
                        "Entries",
                        List.of("Time", "Item", "Reason", "Weight / count", "Who"),
                        new float[] {0.8f, 3, 1.3f, 1.3f, 1.2f},
                        d.entries().stream()
                                .map(e -> List.of(
                                        DateTimeFormatter.ofPattern("HH:mm")
                                                .withZone(d.zone())
                                                .format(e.at()),
                                        String.valueOf(e.name()),
                                        String.valueOf(e.reason()),
                                        e.grams() != null ? kg(e.grams()) : e.qty() + " pcs",
                                        e.staffId() == null ? "" : e.staffId()))
                                .toList()));
        return TablePdf.render("Daily waste report", "Waste - " + d.outlet() + " - " + d.date(), lines, tables);
    }

    private static String kg(double grams) {
        return grams >= 1000
                ? String.format(Locale.ROOT, "%.2f kg", grams / 1000)
                : String.format(Locale.ROOT, "%.0f g", grams);
    }

    private static String money(double v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    private static String num(Object o) {
        return o == null ? "" : String.format(Locale.ROOT, "%.2f", ((Number) o).doubleValue());
    }

    private static void row(StringBuilder sb, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells[i];
            sb.append(
                    c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0
                            ? '"' + c.replace("\"", "\"\"") + '"'
                            : c);
        }
        sb.append("\r\n");
    }

    /** A text cell; one a spreadsheet would run as a formula gets a leading quote. */
    static String text(Object o) {
        if (o == null) {
            return "";
        }
        String s = String.valueOf(o);
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }
}
