package id.dapur.edge.agent.printing;

import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.kitchen.TicketLine;
import id.dapur.edge.agent.printing.PrintJob.Kind;
import id.dapur.edge.agent.printing.PrintJob.Spec;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which printers a ticket goes to: every printer that lists its station; if none does and the
 * station's screens are down, the fallback printer. A void that takes lines off a ticket a station
 * printer printed gets a VOID chit there. Asked inside the ticket's transaction (see {@link H2PrintStore#chits}).
 */
public final class PrintPlanner {
    /** Whether a station's new ticket needs paper because nobody can see it (its screens are gone). */
    @FunctionalInterface
    public interface Unattended {
        boolean needsPaper(String station, Instant now);
    }

    private final Map<String, List<String>> printersOf = new HashMap<>();
    private final String fallback;
    private final Unattended unattended;

    public PrintPlanner(DapurConfig config, Unattended unattended) {
        for (PrinterConfig p : config.printers()) {
            for (String s : p.stations()) {
                printersOf.computeIfAbsent(s, k -> new ArrayList<>()).add(p.id());
            }
        }
        this.fallback = config.fallbackPrinter().map(PrinterConfig::id).orElse(null);
        this.unattended = unattended;
    }

    public List<Spec> accepted(List<Ticket> tickets, Instant now) {
        List<Spec> out = new ArrayList<>();
        for (Ticket t : tickets) {
            List<String> printers = printersOf.get(t.station());
            if (printers != null) {
                printers.forEach(p -> out.add(chit(p, t)));
            } else if (unattended.needsPaper(t.station(), now) && fallback != null) {
                out.add(chit(fallback, t));
            }
        }
        return out;
    }

    public List<Spec> voided(List<Ticket> changed, List<String> voidedLineIds, Instant now) {
        List<Spec> out = new ArrayList<>();
        for (Ticket t : changed) {
            List<String> printers = printersOf.get(t.station());
            if (printers == null || t.expo()) {
                continue;
            }
            List<String> lines = t.items().stream()
                    .map(TicketLine::lineId)
                    .filter(voidedLineIds::contains)
                    .toList();
            if (lines.isEmpty()) {
                continue;
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("ticket", t);
            doc.put("voidedLineIds", lines);
            String json = Json.write(doc);
            printers.forEach(p -> out.add(new Spec(p, Kind.VOID, t.ticketId(), t.orderId(), json, false)));
        }
        return out;
    }

    private static Spec chit(String printer, Ticket t) {
        return new Spec(printer, Kind.CHIT, t.ticketId(), t.orderId(), Json.write(t), false);
    }

    /** The printers that print this station's chits (for manual reprints); the fallback if none. */
    public List<String> printersOf(String station) {
        List<String> p = printersOf.get(station);
        return p != null ? p : fallback != null ? List.of(fallback) : List.of();
    }
}
