package id.dapur.edge.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.DeviceConnection;
import java.util.Locale;

/** The doctor's lines for each printer, scale and sensor, from what the agent says of them. */
final class DeviceFindings {
    private final DapurConfig config;
    private final Report report;

    DeviceFindings(DapurConfig config, Report report) {
        this.config = config;
        this.report = report;
    }

    void printer(JsonNode p) {
        String id = p.path("id").asText();
        String state = p.path("state").asText("UNKNOWN");
        String since =
                p.hasNonNull("since") ? " since " + report.when(p.path("since").asText()) : "";
        String seen = p.hasNonNull("lastSeen")
                ? "last answered " + report.when(p.path("lastSeen").asText())
                : "not seen since the agent started";
        int queued = p.path("queued").asInt();
        String jobs = queued == 0 ? "" : ", " + queued + " job(s) waiting";
        String where = config.printers().stream()
                .filter(c -> c.id().equals(id))
                .map(c -> describe(c.connection()))
                .findFirst()
                .orElse("?");
        switch (state) {
            case "READY" -> report.add(Doctor.Level.OK, "printer " + id, "ready" + since + jobs, null);
            case "PAPER_LOW" ->
                report.add(Doctor.Level.WARN, "printer " + id, "paper low" + since + jobs, "have a new roll ready");
            case "PAPER_OUT" ->
                report.add(
                        Doctor.Level.PROBLEM,
                        "printer " + id,
                        "out of paper" + since + jobs,
                        "put in a new roll; the waiting chits print then, none is lost");
            case "COVER_OPEN" ->
                report.add(Doctor.Level.PROBLEM, "printer " + id, "cover open" + since + jobs, "close the cover");
            case "OFFLINE" ->
                report.add(
                        Doctor.Level.PROBLEM,
                        "printer " + id,
                        "offline" + since + " (" + seen + ")" + jobs + reason(p),
                        "check its power and cable, and that " + where
                                + " answers (for a network printer: ping its address)");
            default ->
                report.add(
                        Doctor.Level.WARN,
                        "printer " + id,
                        state.toLowerCase(Locale.ROOT) + since + " (" + seen + ")" + jobs + reason(p),
                        "check its power and cable, and that " + where + " answers");
        }
    }

    void scale(JsonNode s) {
        String id = s.path("id").asText();
        if (s.path("connected").asBoolean()) {
            String last = s.path("last").hasNonNull("at")
                    ? ", last weight " + report.when(s.path("last").path("at").asText())
                    : "";
            report.add(Doctor.Level.OK, "scale " + id, "connected" + last, null);
        } else {
            String where = config.scales().stream()
                    .filter(c -> c.id().equals(id))
                    .map(c -> describe(c.connection()))
                    .findFirst()
                    .orElse("?");
            report.add(
                    Doctor.Level.PROBLEM,
                    "scale " + id,
                    "not connected" + reason(s),
                    "check its cable and power, and " + where
                            + (where.startsWith("the serial") ? " (ls -l /dev/serial/by-id)" : ""));
        }
    }

    void sensor(JsonNode s) {
        String id = s.path("id").asText();
        String state = s.path("state").asText("NO_DATA");
        String name = s.path("name").asText(id);
        String at = s.hasNonNull("at") ? report.when(s.path("at").asText()) : null;
        String reading = s.hasNonNull("celsius") ? s.path("celsius").asDouble() + " °C" : "no reading";
        switch (state) {
            case "OK" ->
                report.add(
                        Doctor.Level.OK, "sensor " + id, name + ": " + reading + (at == null ? "" : " at " + at), null);
            case "NO_DATA" ->
                report.add(
                        Doctor.Level.PROBLEM,
                        "sensor " + id,
                        name + ": no reading since the agent started",
                        "check its battery, that it is paired, and that it publishes to the broker (its topic: configuration.md)");
            case "STALE" ->
                report.add(
                        Doctor.Level.PROBLEM,
                        "sensor " + id,
                        name + ": no reading since " + at,
                        "check its battery and that it reaches the broker");
            default ->
                report.add(
                        Doctor.Level.WARN,
                        "sensor " + id,
                        name + ": " + reading + " (" + state + ")",
                        "see the alert on the screens; check the "
                                + s.path("equipment").asText("equipment"));
        }
    }

    static String describe(DeviceConnection c) {
        return c.host() != null ? c.scheme() + "://" + c.host() + ":" + c.port() : "the serial device " + c.path();
    }

    static String reason(JsonNode n) {
        return n.hasNonNull("reason") ? ": " + n.path("reason").asText() : "";
    }
}
