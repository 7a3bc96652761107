package id.dapur.edge.agent.foodsafety;

import id.dapur.edge.agent.alerts.Alert;
import id.dapur.edge.agent.foodsafety.H2HaccpStore.Excursion;
import id.dapur.edge.agent.foodsafety.H2HaccpStore.Point;
import id.dapur.edge.agent.foodsafety.HaccpReport.Day;
import id.dapur.edge.agent.foodsafety.HaccpReport.Equipment;
import id.dapur.edge.agent.support.PdfPages;
import java.awt.Color;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * The daily HACCP record as an A4 PDF (PDFBox): a header with the outlet, date, jurisdiction and
 * limits; per equipment a vector chart of the day (min–max band, average line, limit line, excursions
 * shaded) and a table of its excursions with alert, acknowledgement and corrective action.
 */
final class ReportPdf extends PdfPages {
    private static final Color RED = new Color(200, 30, 30);
    private static final Color BAND = new Color(170, 200, 240);
    private static final Color LINE = new Color(20, 70, 160);
    private static final Color SHADE = new Color(255, 215, 215);
    private final Day day;
    private final DateTimeFormatter hm;

    private ReportPdf(Day day) {
        this.day = day;
        this.hm = DateTimeFormatter.ofPattern("HH:mm").withZone(day.zone());
    }

    static byte[] render(Day day) throws IOException {
        ReportPdf r = new ReportPdf(day);
        r.newPage();
        r.header();
        for (Equipment e : day.equipment()) {
            r.equipment(e);
        }
        r.otherAlerts();
        return r.finish();
    }

    @Override
    protected String footer() {
        return "HACCP daily record - " + day.outlet() + " - " + day.date();
    }

    private void header() throws IOException {
        text(bold, 18, MARGIN, y - 18, "HACCP daily temperature record");
        y -= 40;
        text(
                regular,
                11,
                MARGIN,
                y,
                "Outlet: " + safe(day.outlet()) + "     Date: " + day.date() + " (" + day.zone() + ")");
        y -= 15;
        text(
                regular,
                11,
                MARGIN,
                y,
                "Limits: " + day.jurisdiction() + "     Generated: "
                        + DateTimeFormatter.ISO_OFFSET_DATE_TIME
                                .withZone(day.zone())
                                .format(day.generatedAt())
                                .substring(0, 19));
        y -= 15;
        long excursions =
                day.equipment().stream().mapToLong(e -> e.excursions().size()).sum();
        text(
                regular,
                11,
                MARGIN,
                y,
                "Equipment watched: " + day.equipment().size() + "     Excursions: " + excursions
                        + "     Food-safety alerts: " + day.alerts().size());
        y -= 25;
    }

    private void equipment(Equipment e) throws IOException {
        room(260);
        String kind = e.sensor().cold() ? "max" : "min";
        text(
                bold,
                13,
                MARGIN,
                y,
                safe(e.sensor().name()) + "  (" + e.sensor().equipment() + ", " + kind + " " + fmt(e.limit()) + " °C"
                        + (e.sensor().offset() != 0
                                ? ", calibration " + fmt(e.sensor().offset()) + " °C"
                                : "") + ")");
        y -= 14;
        List<Point> pts = e.intervals();
        if (pts.isEmpty()) {
            text(regular, 10, MARGIN, y, "No readings recorded this day.");
            y -= 20;
        } else {
            double lo = pts.stream().mapToDouble(Point::min).min().orElse(0);
            double hi = pts.stream().mapToDouble(Point::max).max().orElse(0);
            text(
                    regular,
                    10,
                    MARGIN,
                    y,
                    "Lowest " + fmt(lo) + " °C, highest " + fmt(hi) + " °C, " + pts.size() + " intervals of "
                            + day.interval().toMinutes() + " min");
            y -= 8;
            chart(e, Math.min(lo, e.limit()) - 2, Math.max(hi, e.limit()) + 2);
        }
        excursionTable(e);
        y -= 12;
    }

    private void chart(Equipment e, double lo, double hi) throws IOException {
        float h = 140;
        float x0 = MARGIN + 30;
        float w = WIDTH - 30;
        float top = y - 4;
        float bottom = top - h;
        long span = Duration.between(day.from(), day.to()).toMillis();
        Function<Instant, Float> xf = t -> x0
                + w
                        * (float) Math.max(
                                0,
                                Math.min(
                                        1,
                                        (double) Duration.between(day.from(), t).toMillis() / span));
        DoubleFunction<Float> yf = v -> bottom + (float) ((v - lo) / (hi - lo) * h);
        cs.setNonStrokingColor(SHADE);
        for (Excursion x : e.excursions()) {
            float a = xf.apply(x.startedAt());
            float b = xf.apply(x.endedAt() == null ? day.generatedAt() : x.endedAt());
            cs.addRect(a, bottom, Math.max(1, b - a), h);
        }
        cs.fill();
        cs.setNonStrokingColor(Color.BLACK);
        cs.setStrokingColor(Color.GRAY);
        cs.setLineWidth(0.5f);
        cs.addRect(x0, bottom, w, h);
        cs.stroke();
        for (int hour = 0; hour <= 24; hour += 3) {
            float x = x0 + w * hour / 24f;
            text(
                    regular,
                    7,
                    x - 6,
                    bottom - 9,
                    String.format(Locale.ROOT, "%02d:00", hour % 24 == 0 && hour > 0 ? 24 : hour));
        }
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            text(regular, 7, MARGIN, yf.apply(v) - 2, fmt(v));
        }
        List<Point> pts = e.intervals();
        cs.setNonStrokingColor(BAND);
        for (Point p : pts) {
            float x = xf.apply(p.at());
            float x2 = xf.apply(p.at().plus(day.interval()));
            cs.addRect(
                    x,
                    yf.apply(p.min()),
                    Math.max(0.5f, x2 - x),
                    Math.max(0.5f, yf.apply(p.max()) - yf.apply(p.min())));
        }
        cs.fill();
        cs.setStrokingColor(LINE);
        cs.setLineWidth(1.2f);
        for (int i = 0; i < pts.size(); i++) {
            float x = xf.apply(pts.get(i).at().plus(day.interval().dividedBy(2)));
            float yy = yf.apply(pts.get(i).avg());
            boolean gap = i > 0
                    && Duration.between(pts.get(i - 1).at(), pts.get(i).at())
                                    .compareTo(day.interval().multipliedBy(3))
                            > 0;
            if (i == 0 || gap) {
                cs.moveTo(x, yy);
            } else {
                cs.lineTo(x, yy);
            }
        }
        cs.stroke();
        cs.setStrokingColor(RED);
        cs.setLineDashPattern(new float[] {4, 3}, 0);
        cs.moveTo(x0, yf.apply(e.limit()));
        cs.lineTo(x0 + w, yf.apply(e.limit()));
        cs.stroke();
        cs.setLineDashPattern(new float[] {}, 0);
        cs.setStrokingColor(Color.BLACK);
        cs.setNonStrokingColor(Color.BLACK);
        y = bottom - 22;
    }

    private void excursionTable(Equipment e) throws IOException {
        if (e.excursions().isEmpty()) {
            text(regular, 10, MARGIN, y, "No excursions.");
            y -= 14;
            return;
        }
        room(30);
        float[] cols = {MARGIN, MARGIN + 70, MARGIN + 115, MARGIN + 160, MARGIN + 215, MARGIN + 330};
        String[] heads = {"From-to", "Minutes", "Peak", "Alert", "Acknowledged", "Corrective action"};
        for (int i = 0; i < cols.length; i++) {
            text(bold, 9, cols[i], y, heads[i]);
        }
        y -= 12;
        for (Excursion x : e.excursions()) {
            room(24);
            Alert a = x.alertId() == null
                    ? HaccpReport.NO_ALERT
                    : day.alerts().getOrDefault(x.alertId(), HaccpReport.NO_ALERT);
            Instant end = x.endedAt() == null ? day.generatedAt() : x.endedAt();
            text(
                    regular,
                    9,
                    cols[0],
                    y,
                    hm.format(x.startedAt()) + "-" + (x.endedAt() == null ? "now" : hm.format(end)));
            text(
                    regular,
                    9,
                    cols[1],
                    y,
                    String.valueOf(Duration.between(x.startedAt(), end).toMinutes()));
            text(regular, 9, cols[2], y, fmt(x.peak()) + " °C");
            text(
                    regular,
                    9,
                    cols[3],
                    y,
                    x.alertId() == null ? "none (within delay)" : (a.severity() == null ? "raised" : a.severity()));
            String by = a.acknowledgedBy();
            text(
                    regular,
                    9,
                    cols[4],
                    y,
                    by == null
                            ? (x.alertId() == null ? "-" : "NOT acknowledged")
                            : clip(by + " " + String.valueOf(a.acknowledgedAt()).substring(11, 16), 24));
            text(regular, 9, cols[5], y, clip(a.correctiveAction() == null ? "-" : a.correctiveAction(), 42));
            y -= 12;
        }
    }

    private void otherAlerts() throws IOException {
        List<Alert> other = day.alerts().values().stream()
                .filter(a -> day.equipment().stream()
                        .flatMap(e -> e.excursions().stream())
                        .noneMatch(x -> a.alertId().equals(x.alertId())))
                .toList();
        room(40);
        text(bold, 13, MARGIN, y, "Other food-safety alerts (sensors silent or offline, doors left open)");
        y -= 16;
        if (other.isEmpty()) {
            text(regular, 10, MARGIN, y, "None.");
            return;
        }
        for (Alert a : other) {
            room(14);
            text(
                    regular,
                    9,
                    MARGIN,
                    y,
                    clip(
                            String.valueOf(a.raisedAt()).substring(11, 16) + "  " + a.kind() + "  "
                                    + a.message()
                                    + (a.acknowledgedBy() != null ? "  - acknowledged by " + a.acknowledgedBy() : "")
                                    + (a.correctiveAction() != null ? ": " + a.correctiveAction() : ""),
                            110));
            y -= 12;
        }
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
