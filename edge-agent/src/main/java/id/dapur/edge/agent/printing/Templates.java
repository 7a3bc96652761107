package id.dapur.edge.agent.printing;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketLine;
import id.dapur.edge.agent.kitchen.TicketStatus;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.config.PrintingConfig;
import id.dapur.edge.config.StationConfig;
import id.dapur.edge.devices.printer.PrintCommands;
import id.dapur.edge.devices.printer.PrintCommands.Align;
import id.dapur.edge.devices.printer.PrintCommands.Cut;
import id.dapur.edge.devices.printer.PrinterModel;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a stored job for the printer that prints it: kitchen chit (big station name, table,
 * items, modifiers, allergens marked, courses, time), void chit, customer receipt (header from
 * config, lines, total, QR link) and test page; at the columns of the model's paper; English or
 * Bahasa Indonesia. What a cook must not miss is a {@link Mark}, printed as the model can (red on a
 * TM-U220); nothing the model cannot print is sent. A job moved to a backup printer is headed BACKUP
 * FROM &lt;printer&gt;; a reprint carries a REPRINT mark.
 */
public final class Templates {
    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm");
    private final DapurConfig config;
    private final PrintingConfig printing;
    private final Map<String, String> t;
    private final Clock clock;
    private final ZoneId zone;
    private final BufferedImage logo;

    public Templates(DapurConfig config, Clock clock, ZoneId zone) {
        this.config = config;
        this.printing = config.printing();
        this.t = PrintTexts.of(printing.language());
        this.clock = clock;
        this.zone = zone;
        this.logo = loadLogo(printing);
    }

    private static BufferedImage loadLogo(PrintingConfig p) {
        if (p.logo() == null) {
            return null;
        }
        try {
            return ImageIO.read(p.logo().toFile());
        } catch (Exception e) {
            LOG.warn(
                    "receipt logo cannot be read; receipts print without it [file: {}, error: {}]",
                    p.logo(),
                    e.getMessage());
            return null;
        }
    }

    public byte[] render(PrintJob job, PrinterConfig printer, PrinterModel model) {
        PrintCommands<?> p = PrintCommands.of(model, printer.width()).init();
        int cols = model.columns(printer.width());
        if (job.originPrinter() != null) {
            p.align(Align.CENTER);
            Mark.BANNER.on(p);
            p.bold(true)
                    .line(" " + t.get("backup") + " " + job.originPrinter() + " ")
                    .bold(false);
            Mark.BANNER.off(p);
        }
        if (job.reprint()) {
            p.align(Align.CENTER)
                    .bold(true)
                    .size(1, 2)
                    .line(t.get("reprint"))
                    .size(1, 1)
                    .bold(false);
        }
        switch (job.kind()) {
            case CHIT -> chit(p, Json.read(job.doc(), Ticket.class), null, cols);
            case VOID -> {
                JsonNode doc = Json.tree(job.doc());
                Ticket ticket = Json.MAPPER.convertValue(doc.get("ticket"), Ticket.class);
                Set<String> voided = new HashSet<>();
                doc.get("voidedLineIds").forEach(n -> voided.add(n.asText()));
                chit(p, ticket, voided, cols);
            }
            case RECEIPT -> receipt(p, Json.tree(job.doc()), printer, model, cols);
            case TEST -> testPage(p, printer, model, cols);
        }
        return p.feed(3).cut(Cut.PARTIAL, 0).bytes();
    }

    private void chit(PrintCommands<?> p, Ticket ticket, Set<String> voidedOnly, int cols) {
        String station =
                config.station(ticket.station()).map(StationConfig::name).orElse(ticket.station());
        p.align(Align.CENTER)
                .size(2, 2)
                .bold(true)
                .line(clip(station.toUpperCase(Locale.ROOT), cols / 2))
                .size(1, 1)
                .bold(false);
        if (voidedOnly != null) {
            Mark.BANNER.on(p);
            p.size(2, 2).line(" " + t.get("void") + " ").size(1, 1);
            Mark.BANNER.off(p);
        }
        if (ticket.channel().platform()) { // the platform's name, big and marked, for the runner
            Mark.BANNER.on(p);
            p.size(2, 2)
                    .bold(true)
                    .line(" " + clip(t.get(ticket.channel().name()).toUpperCase(Locale.ROOT), cols / 2 - 2) + " ")
                    .size(1, 1)
                    .bold(false);
            Mark.BANNER.off(p);
        }
        p.align(Align.LEFT);
        if (ticket.table() != null) {
            p.size(2, 2)
                    .bold(true)
                    .line(clip(t.get("table") + " " + ticket.table(), cols / 2))
                    .size(1, 1)
                    .bold(false);
        }
        p.line(spread(
                t.get(ticket.channel().name()), ticket.createdAt().atZone(zone).format(TIME), cols));
        p.line(clip(t.get("order") + " " + ticket.orderId(), cols));
        p.line("=".repeat(cols));
        Map<Integer, List<TicketLine>> courses = new TreeMap<>();
        for (TicketLine l : ticket.items()) {
            if (voidedOnly == null || voidedOnly.contains(l.lineId())) {
                courses.computeIfAbsent(l.course(), k -> new ArrayList<>()).add(l);
            }
        }
        boolean showCourses = courses.size() > 1 || courses.keySet().stream().anyMatch(c -> c > 1);
        for (Map.Entry<Integer, List<TicketLine>> course : courses.entrySet()) {
            if (showCourses) {
                boolean held = course.getKey() > ticket.firedCourse();
                p.bold(true)
                        .line(clip(
                                "-- " + t.get("course") + " " + course.getKey()
                                        + (held ? " (" + t.get("hold") + ")" : "") + " --",
                                cols))
                        .bold(false);
            }
            for (TicketLine l : course.getValue()) {
                boolean gone = voidedOnly == null && l.status() == TicketStatus.VOIDED;
                boolean struck = gone || l.unavailable();
                if (struck) {
                    Mark.STRUCK.on(p);
                }
                p.size(1, 2).bold(true);
                wrap(
                        p,
                        l.qty() + " x " + l.name() + (gone ? " [" + t.get("void") + "]" : "")
                                + (l.unavailable() && !gone ? " [86 " + t.get("soldOut") + "]" : ""),
                        cols,
                        "    ");
                p.size(1, 1).bold(false);
                if (struck) {
                    Mark.STRUCK.off(p);
                }
                if (!l.modifiers().isEmpty()) {
                    Mark.MODIFIER.on(p);
                    for (String m : l.modifiers()) {
                        wrap(p, "  + " + m, cols, "    ");
                    }
                    Mark.MODIFIER.off(p);
                }
                if (l.note() != null && !l.note().isBlank()) {
                    wrap(p, "  ! " + l.note(), cols, "    ");
                }
                if (!l.allergens().isEmpty()) {
                    Mark.ALLERGEN.on(p);
                    wrap(p, "  " + t.get("allergens") + ": " + String.join(", ", l.allergens()), cols, "    ");
                    Mark.ALLERGEN.off(p);
                }
            }
        }
        p.line("-".repeat(cols));
        p.align(Align.CENTER).line(clip(ticket.ticketId(), cols)).line(t.get("printed") + " " + now(DATE_TIME));
    }

    private void receipt(PrintCommands<?> p, JsonNode order, PrinterConfig printer, PrinterModel model, int cols) {
        p.align(Align.CENTER);
        if (logo != null && model.rasterImages()) {
            int dots = model.dots(printer.width());
            p.raster(fit(logo, dots), dots);
        }
        List<String> header =
                printing.header().isEmpty() ? List.of(config.outlet().id()) : printing.header();
        p.size(2, 1).bold(true).line(clip(header.get(0), cols / 2)).size(1, 1).bold(false);
        header.stream().skip(1).forEach(h -> p.line(clip(h, cols)));
        p.align(Align.LEFT).line("");
        String orderId = order.path("orderId").asText();
        p.line(clip(t.get("order") + " " + orderId, cols));
        String placed = order.hasNonNull("placedAt")
                ? Instant.parse(order.get("placedAt").asText()).atZone(zone).format(DATE_TIME)
                : now(DATE_TIME);
        p.line(spread(
                t.getOrDefault(
                        order.path("channel").asText(), order.path("channel").asText()),
                placed,
                cols));
        if (order.hasNonNull("table")) {
            p.line(t.get("table") + " " + order.get("table").asText());
        }
        String customer = order.path("customer").isObject()
                ? order.path("customer").path("displayName").asText(null)
                : order.path("customer").asText(null);
        if (customer != null) {
            p.line(clip(t.get("customer") + ": " + customer, cols));
        }
        p.line("-".repeat(cols));
        BigDecimal total = BigDecimal.ZERO;
        boolean priced = false;
        int count = 0;
        for (JsonNode item : order.path("items")) {
            int qty = item.path("qty").asInt();
            count += qty;
            String left = qty + " x " + item.path("name").asText();
            if (item.hasNonNull("price")) {
                BigDecimal amount = item.get("price").decimalValue().multiply(BigDecimal.valueOf(qty));
                total = total.add(amount);
                priced = true;
                String right = money(amount);
                p.line(spread(clip(left, cols - right.length() - 1), right, cols));
            } else {
                wrap(p, left, cols, "    ");
            }
            for (JsonNode m : item.path("modifiers")) {
                wrap(p, "  + " + m.asText(), cols, "    ");
            }
        }
        p.line("-".repeat(cols));
        if (priced) {
            p.bold(true)
                    .size(1, 2)
                    .line(spread(t.get("total"), money(total), cols))
                    .size(1, 1)
                    .bold(false);
        }
        p.line(count + " " + t.get("items"));
        p.align(Align.CENTER);
        if (printing.qrUrl() != null) {
            String url = printing.qrUrl().replace("{orderId}", URLEncoder.encode(orderId, StandardCharsets.UTF_8));
            if (model.qrCodes()) {
                p.line("").qr(url, printer.width() == 58 ? 5 : 6, 'M').line(t.get("scan"));
            } else { // no QR on this printer: the address, to type
                p.line("").align(Align.LEFT);
                wrap(p, url, cols, "");
                p.align(Align.CENTER);
            }
        }
        printing.footer().forEach(f -> p.line(clip(f, cols)));
    }

    private void testPage(PrintCommands<?> p, PrinterConfig printer, PrinterModel model, int cols) {
        p.align(Align.CENTER)
                .size(2, 2)
                .bold(true)
                .line(t.get("test"))
                .size(1, 1)
                .bold(false)
                .align(Align.LEFT);
        p.line(t.get("printer") + ": " + printer.id());
        p.line(t.get("model") + ": " + model.id());
        p.line(t.get("width") + ": " + printer.width() + " mm, " + cols + " cols");
        p.line(clip(t.get("connection") + ": " + describe(printer), cols));
        p.line(t.get("printed") + ": " + now(DATE_TIME));
        StringBuilder ruler = new StringBuilder();
        for (int i = 1; i <= cols; i++) {
            ruler.append(i % 10);
        }
        p.line(ruler.toString());
        p.line("Café · Jalapeño · Ümlaut · €5 · 25°C");
        p.bold(true).line("Bold").bold(false).underline(1).line("Underline").underline(0);
        if (model.reversePrinting()) {
            p.reverse(true).line(" Reverse ").reverse(false);
        }
        if (model.redPrinting()) {
            p.red(true).line("Red").red(false);
        }
        p.size(2, 2).line("2x2").size(1, 1);
        p.align(Align.CENTER);
        if (model.qrCodes()) {
            p.qr("dapur-edge test " + printer.id(), 5, 'M');
        }
        if (model.barcodes()) {
            p.code128(printer.id().toUpperCase(Locale.ROOT)).lf();
        }
    }

    private static String describe(PrinterConfig p) {
        var c = p.connection();
        return "tcp".equals(c.scheme()) ? "tcp://" + c.host() + ":" + c.port() : c.scheme() + "://" + c.path();
    }

    private String money(BigDecimal amount) {
        NumberFormat f = NumberFormat.getNumberInstance(
                "id".equals(printing.language()) ? Locale.forLanguageTag("id-ID") : Locale.US);
        f.setMinimumFractionDigits(amount.stripTrailingZeros().scale() > 0 ? 2 : 0);
        f.setMaximumFractionDigits(2);
        return printing.currency() + " " + f.format(amount);
    }

    private String now(DateTimeFormatter f) {
        return clock.instant().atZone(zone).format(f);
    }

    /** Left and right text on one line, padded between. */
    static String spread(String left, String right, int cols) {
        int gap = cols - left.length() - right.length();
        return gap >= 1 ? left + " ".repeat(gap) + right : clip(left + " " + right, cols);
    }

    static String clip(String s, int cols) {
        return s.length() <= cols ? s : s.substring(0, Math.max(0, cols - 1)) + "~";
    }

    /** Word-wraps {@code text} to the line width, continuation lines indented. */
    static void wrap(PrintCommands<?> p, String text, int cols, String indent) {
        String rest = text;
        boolean first = true;
        while (true) {
            String prefix = first ? "" : indent;
            int room = cols - prefix.length();
            if (rest.length() <= room) {
                p.line(prefix + rest);
                return;
            }
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= room / 3) {
                cut = room;
            }
            p.line(prefix + rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            first = false;
        }
    }

    private static BufferedImage fit(BufferedImage img, int dots) {
        if (img.getWidth() <= dots) {
            return img;
        }
        int h = Math.max(1, img.getHeight() * dots / img.getWidth());
        BufferedImage out = new BufferedImage(dots, h, BufferedImage.TYPE_INT_ARGB);
        out.getGraphics().drawImage(img.getScaledInstance(dots, h, Image.SCALE_SMOOTH), 0, 0, null);
        return out;
    }
}
