package id.dapur.edge.agent.printing;

import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.config.Durations;
import id.dapur.edge.devices.printer.PrinterStatus;
import id.dapur.edge.devices.printer.PrinterStatus.State;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the kitchen is told of a printer: its status, retained (the contract), and its alerts, raised and cleared. */
final class PrinterNotices {
    private static final Logger LOG = LoggerFactory.getLogger(PrinterNotices.class);

    private final Alerts alerts;
    private final H2PrintStore store;
    private final Topics topics;
    private final Clock clock;

    PrinterNotices(Alerts alerts, H2PrintStore store, Topics topics, Clock clock) {
        this.alerts = alerts;
        this.store = store;
        this.topics = topics;
        this.clock = clock;
    }

    void statusChanged(PrinterConfig printer, PrinterStatus before, PrinterStatus now, int queued) {
        publish(printer, now, queued);
        String was = before == null ? null : alertKind(before.state());
        String is = alertKind(now.state());
        if (was != null && !was.equals(is)) {
            alerts.clear(was, "printer:" + printer.id());
        }
        if (is != null && !is.equals(was)) {
            alerts.raise(
                    is,
                    "printer:" + printer.id(),
                    now.state() == State.PAPER_LOW ? "INFO" : "CRITICAL",
                    message(printer, now));
        }
    }

    void queueChanged(PrinterConfig printer, PrinterStatus status, int queued) {
        if (status != null) {
            publish(printer, status, queued);
        }
    }

    private void publish(PrinterConfig printer, PrinterStatus s, int queued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", s.state().name());
        body.put("queued", queued);
        body.put("ts", clock.instant());
        if (s.reason() != null) {
            body.put("reason", s.reason());
        }
        store.publishRetained(topics.printerStatus(printer.id()), body)
                .onFailure(e ->
                        LOG.warn("cannot publish printer status [printer: {}, error: {}]", printer.id(), e.toString()));
    }

    /** the contract kinds, plus PRINTER_COVER_OPEN, PRINTER_ERROR and PRINTER_PAPER_LOW (docs/printing.md). */
    static String alertKind(State s) {
        return switch (s) {
            case READY -> null;
            case PAPER_LOW -> "PRINTER_PAPER_LOW";
            case PAPER_OUT -> "PRINTER_PAPER_OUT";
            case COVER_OPEN -> "PRINTER_COVER_OPEN";
            case OFFLINE -> "PRINTER_OFFLINE";
            case ERROR -> "PRINTER_ERROR";
        };
    }

    private static String message(PrinterConfig p, PrinterStatus s) {
        String base = switch (s.state()) {
            case PAPER_LOW -> "printer " + p.id() + " is running low on paper";
            case PAPER_OUT -> "printer " + p.id() + " is out of paper; its tickets wait until paper is loaded";
            case COVER_OPEN -> "printer " + p.id() + " has its cover open; its tickets wait until it is closed";
            case OFFLINE -> "printer " + p.id() + " is offline" + (s.reason() == null ? "" : ": " + s.reason());
            case ERROR -> "printer " + p.id() + " reports an error (cutter or mechanism)";
            case READY -> "printer " + p.id() + " is ready";
        };
        return p.backup() != null && s.state() != State.PAPER_LOW
                ? base + "; after " + Durations.format(p.failoverAfter()) + " they move to " + p.backup()
                : base;
    }
}
