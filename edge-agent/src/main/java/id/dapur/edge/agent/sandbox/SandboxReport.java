package id.dapur.edge.agent.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's conformance report on a POS: each check with its status and why, the counts, and
 * every problem seen in plain words. The verdict is {@code PASS} when every check that must pass
 * passed (a POS that uses only HTTP is not judged on MQTT), {@code INCOMPLETE} when one of them was
 * not tried yet (a fault not injected), and {@code FAIL} when any failed.
 */
public record SandboxReport(
        Verdict verdict,
        Instant started,
        Instant at,
        Map<String, Long> counts,
        List<Check> checks,
        List<String> problems) {

    public enum Verdict {
        PASS,
        INCOMPLETE,
        FAIL
    }

    public enum Status {
        PASS,
        WARN,
        NOT_TESTED,
        FAIL
    }

    public record Check(String name, String title, Status status, String detail, List<String> examples) {}

    /** Checks a conformant POS must have passed; the others may be NOT_TESTED (an HTTP-only POS) or WARN. */
    static final Set<String> REQUIRED = Set.of(
            "messages-valid",
            "orders-accepted",
            "survives-withhold",
            "survives-unavailable",
            "survives-drop",
            "survives-restart",
            "same-content",
            "no-doubles",
            "stops-when-answered");

    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static SandboxReport of(
            Instant started, Instant at, Map<String, Long> counts, List<Check> checks, List<String> problems) {
        Verdict v = Verdict.PASS;
        for (Check c : checks) {
            if (c.status() == Status.FAIL) {
                v = Verdict.FAIL;
                break;
            }
            if (c.status() == Status.NOT_TESTED && REQUIRED.contains(c.name())) {
                v = Verdict.INCOMPLETE;
            }
        }
        return new SandboxReport(v, started, at, counts, List.copyOf(checks), List.copyOf(problems));
    }

    /** The exit code of {@code dapur-edge sandbox} that ends on this report: 0 PASS, 1 FAIL, 3 INCOMPLETE. */
    public int exitCode() {
        return switch (verdict) {
            case PASS -> 0;
            case FAIL -> 1;
            case INCOMPLETE -> 3;
        };
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report for a terminal. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("POS conformance report: ")
                .append(verdict)
                .append(" (")
                .append(started)
                .append(" to ")
                .append(at)
                .append(")\n");
        for (Check c : checks) {
            b.append(String.format("  %-10s %-22s %s%n", c.status(), c.name(), c.title()));
            b.append("             ").append(c.detail()).append('\n');
            for (String e : c.examples()) {
                b.append("               - ").append(e).append('\n');
            }
        }
        if (!counts.isEmpty()) {
            b.append("  counts: ");
            counts.forEach((k, n) -> b.append(k).append('=').append(n).append(' '));
            b.append('\n');
        }
        if (verdict == Verdict.INCOMPLETE) {
            b.append(
                    "  Not everything was tried: run with --faults all and send enough orders that each fault is hit.\n");
        }
        return b.toString();
    }

    /** The report as a page (no script: it reloads itself while the sandbox runs). */
    public String html(boolean running, String token) {
        StringBuilder b = new StringBuilder();
        b.append("<!doctype html><html lang=en><head><meta charset=utf-8><title>Dapur Edge POS sandbox: ")
                .append(verdict)
                .append("</title>");
        if (running) {
            b.append("<meta http-equiv=refresh content=3>");
        }
        b.append(
                "<style>body{font:15px system-ui,sans-serif;margin:2em;max-width:70em}td,th{padding:.3em .6em;text-align:left;"
                        + "vertical-align:top}tr:nth-child(even){background:#f4f4f4}.PASS{color:#0a0}.FAIL{color:#c00;font-weight:bold}"
                        + ".WARN{color:#b60}.NOT_TESTED{color:#777}.INCOMPLETE{color:#b60}form{display:inline}</style></head><body>");
        b.append("<h1>POS conformance: <span class=")
                .append(verdict)
                .append('>')
                .append(verdict)
                .append("</span></h1>");
        b.append("<p>From ")
                .append(started)
                .append(" to ")
                .append(at)
                .append(running ? " (running; this page refreshes)" : " (ended)")
                .append("</p>");
        if (running) {
            b.append("<p>Inject a fault on the POS's next new order: ");
            for (Fault f : Fault.values()) {
                b.append("<form method=post action='/sandbox/faults?token=")
                        .append(escape(token))
                        .append("&fault=")
                        .append(f.wire())
                        .append("'><button title='")
                        .append(escape(f.what()))
                        .append("'>")
                        .append(f.wire())
                        .append("</button></form> ");
            }
            b.append(" <form method=post action='/sandbox/end?token=")
                    .append(escape(token))
                    .append("'><button>end and report</button></form></p>");
        }
        b.append("<table><tr><th>check</th><th>status</th><th>what it means</th></tr>");
        for (Check c : checks) {
            b.append("<tr><td>")
                    .append(escape(c.title()))
                    .append("<br><small>")
                    .append(c.name())
                    .append("</small></td><td class=")
                    .append(c.status())
                    .append('>')
                    .append(c.status())
                    .append("</td><td>")
                    .append(escape(c.detail()));
            if (!c.examples().isEmpty()) {
                b.append("<ul>");
                c.examples().forEach(e -> b.append("<li>").append(escape(e)));
                b.append("</ul>");
            }
            b.append("</td></tr>");
        }
        b.append("</table><h2>Problems, as they happened</h2>");
        if (problems.isEmpty()) {
            b.append("<p>None.</p>");
        } else {
            b.append("<ol>");
            problems.forEach(p -> b.append("<li>").append(escape(p)));
            b.append("</ol>");
        }
        b.append("<h2>Counts</h2><p>");
        counts.forEach((k, n) -> b.append(escape(k)).append(": ").append(n).append("<br>"));
        b.append("</p></body></html>");
        return b.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
