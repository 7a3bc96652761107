package id.dapur.edge.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.config.ConfigException;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.ConfigProblem;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.DeviceConnection;
import id.dapur.edge.config.EnvironmentFile;
import id.dapur.edge.config.Role;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code dapur-edge doctor}: a live outlet in one screen, for the technician standing in it. The
 * configuration (with the service's environment file), the service, the ports, the agent's health
 * (storage and its last commit, broker, intake), each printer, scale and sensor (seen or not, and since
 * when), the cloud, the clock and the disk; each finding with what to do about it, in plain words.
 */
public final class Doctor {
    /** How a finding stands. */
    public enum Level {
        OK,
        INFO,
        WARN,
        PROBLEM
    }

    /** One line of the screen: what was checked, how it stands, and what to do. */
    public record Finding(Level level, String what, String detail, String todo) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    /** A printer, scale or sensor not heard from for this long is reported. */
    static final Duration STALE = Duration.ofMinutes(15);

    private final Path configFile;
    private final Clock clock;
    private final ZoneId zone;
    private final List<Finding> findings = new ArrayList<>();
    private DapurConfig config;

    public Doctor(Path configFile, Clock clock, ZoneId zone) {
        this.configFile = configFile;
        this.clock = clock;
        this.zone = zone;
    }

    /** Every finding; empty configuration findings mean the rest could not be checked. */
    public List<Finding> examine() {
        if (!configuration()) {
            return List.copyOf(findings);
        }
        service();
        Agent agent = agent();
        if (agent != null) {
            health(agent);
            devices(agent);
            cloud(agent);
        }
        mqtt();
        clock();
        disk();
        return List.copyOf(findings);
    }

    /** 0 nothing wrong (warnings allowed), 1 a problem, 2 the configuration could not be read. */
    public static int exitCode(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.what().equals("configuration") && f.level() == Level.PROBLEM)) {
            return 2;
        }
        return findings.stream().anyMatch(f -> f.level() == Level.PROBLEM) ? 1 : 0;
    }

    public String screen(List<Finding> list) {
        StringBuilder b = new StringBuilder();
        b.append("Dapur Edge doctor: ")
                .append(config == null ? "" : "outlet " + config.outlet().id() + " ")
                .append("(configuration ")
                .append(configFile)
                .append("), ")
                .append(TIME.format(clock.instant().atZone(zone)))
                .append(' ')
                .append(zone)
                .append('\n');
        for (Finding f : list) {
            b.append(String.format(Locale.ROOT, "  %-8s %-22s %s%n", f.level(), f.what(), f.detail()));
            if (f.todo() != null && f.level() != Level.OK) {
                b.append(String.format(Locale.ROOT, "  %-8s %-22s -> %s%n", "", "", f.todo()));
            }
        }
        List<Finding> todo = list.stream()
                .filter(f -> f.level() == Level.PROBLEM && f.todo() != null)
                .toList();
        if (!todo.isEmpty()) {
            b.append("What to do first: ");
            b.append(String.join(
                            "; ",
                            todo.stream().map(f -> f.what() + ": " + f.todo()).toList()))
                    .append('\n');
        } else if (list.stream().noneMatch(f -> f.level() == Level.WARN)) {
            b.append("Everything the doctor can see is fine.\n");
        }
        return b.toString();
    }

    private void add(Level level, String what, String detail, String todo) {
        findings.add(new Finding(level, what, detail, todo));
    }

    // ---- configuration

    private boolean configuration() {
        String env = System.getenv(EnvironmentFile.VARIABLE);
        try {
            config = ConfigLoader.withSystemEnv().load(configFile);
        } catch (ConfigException e) {
            List<String> p = e.problems().stream().map(ConfigProblem::toString).toList();
            add(
                    Level.PROBLEM,
                    "configuration",
                    p.size() + " problem(s): " + String.join("; ", p.subList(0, Math.min(3, p.size())))
                            + (p.size() > 3 ? "; ..." : ""),
                    "fix " + configFile + (env != null ? " or " + env : "") + ", then: sudo dapur-edge check-config");
            return false;
        }
        add(
                Level.OK,
                "configuration",
                String.format(
                        Locale.ROOT,
                        "valid: %d stations, %d printers, %d scales, %d sensors%s",
                        config.stations().size(),
                        config.printers().size(),
                        config.scales().size(),
                        config.sensors().size(),
                        env != null ? "; secrets from " + env : ""),
                null);
        return true;
    }

    // ---- the service

    private void service() {
        if (!Files.isExecutable(Path.of("/usr/bin/systemctl")) || !Files.isDirectory(Path.of("/run/systemd/system"))) {
            add(Level.INFO, "service", "not under systemd here; not checked", null);
            return;
        }
        String state = run("/usr/bin/systemctl", "is-active", "dapur-edge");
        if ("active".equals(state)) {
            add(Level.OK, "service", "active (dapur-edge.service)", null);
        } else {
            add(
                    Level.PROBLEM,
                    "service",
                    (state == null ? "unknown" : state) + " (dapur-edge.service)",
                    "sudo systemctl start dapur-edge; if it stops again: journalctl -u dapur-edge -n 50");
        }
    }

    // ---- the agent's API

    private record Agent(String base, HttpClient http, String token) {
        JsonNode get(String path) throws IOException, InterruptedException {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
            if (n instanceof ObjectNode o) {
                o.put("httpStatus", r.statusCode());
            }
            return n;
        }
    }

    private Agent agent() {
        var h = config.http();
        boolean plain = h.plain() && h.port() > 0;
        int port = plain ? h.port() : h.tlsPort() == null ? -1 : h.tlsPort();
        String host = "0.0.0.0".equals(h.host()) || "::".equals(h.host()) ? "127.0.0.1" : h.host();
        String base = (plain ? "http" : "https") + "://" + host + ":" + port;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (!plain) {
            SSLContext tls = trustOutletCertificate();
            if (tls == null) {
                add(
                        Level.WARN,
                        "http",
                        "HTTPS only, and the outlet's certificate cannot be read to trust it",
                        "run as root: sudo dapur-edge doctor");
                return null;
            }
            client.sslContext(tls);
        }
        String token = config.http().tokens().stream()
                .filter(t -> t.role() == Role.ADMIN)
                .map(t -> t.token().reveal())
                .findFirst()
                .orElse(null);
        Agent a = new Agent(base, client.build(), token);
        try {
            JsonNode health = a.get("/health");
            add(
                    Level.OK,
                    "http",
                    "the agent answers on " + base
                            + (h.tlsPort() != null && plain ? " (HTTPS :" + h.tlsPort() + ")" : ""),
                    null);
            findingsHealth = health;
        } catch (ConnectException e) {
            add(
                    Level.PROBLEM,
                    "http",
                    "nothing answers on " + base,
                    "start the agent: sudo systemctl start dapur-edge; if it will not start:"
                            + " journalctl -u dapur-edge -n 50");
            return null;
        } catch (IOException e) {
            add(
                    Level.PROBLEM,
                    "http",
                    base + " did not answer as the agent does (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + ")",
                    "is another program on port " + port + "? sudo ss -ltnp | grep " + port);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (token == null) {
            add(
                    Level.WARN,
                    "devices",
                    "no admin token in http.tokens: printers, scales, sensors and the cloud cannot be asked",
                    "add an admin token (configuration.md) to let the doctor see them");
            return new Agent(base, a.http(), null);
        }
        return a;
    }

    private JsonNode findingsHealth;

    private void health(Agent a) {
        JsonNode h = findingsHealth;
        JsonNode checks = h.path("checks");
        String storage = checks.path("storage").asText("?");
        long ago = h.path("details").path("storage").path("lastCommitAgoMs").asLong(-1);
        String commit = ago < 0 ? "" : " (last commit " + ago(Duration.ofMillis(ago)) + " ago)";
        if ("UP".equals(storage)) {
            add(Level.OK, "storage", "UP" + commit, null);
        } else {
            add(
                    Level.PROBLEM,
                    "storage",
                    storage + commit,
                    "orders cannot be stored: see operations.md, \"A database that will not open\";"
                            + " journalctl -u dapur-edge -n 100");
        }
        String broker = checks.path("broker").asText("?");
        if ("UP".equals(broker)) {
            add(Level.OK, "broker", "the agent is connected to its MQTT broker", null);
        } else {
            add(
                    Level.PROBLEM,
                    "broker",
                    broker,
                    config.mqtt().isEmbedded()
                            ? "restart the agent: sudo systemctl restart dapur-edge"
                            : "is the broker running? sudo systemctl status mosquitto");
        }
        String intake = checks.path("intake").asText("?");
        if (!"UP".equals(intake)) {
            add(
                    Level.PROBLEM,
                    "intake",
                    "orders are not taken (" + intake + ")",
                    "the agent is starting or stopping; wait a minute, then" + " run the doctor again");
        }
    }

    private void devices(Agent a) {
        if (a.token() == null) {
            return;
        }
        try {
            for (JsonNode p : a.get("/api/v1/printers").path("printers")) {
                printer(p);
            }
            for (JsonNode s : a.get("/api/v1/scales").path("scales")) {
                scale(s);
            }
            for (JsonNode s : a.get("/api/v1/sensors").path("sensors")) {
                sensor(s);
            }
        } catch (IOException e) {
            add(Level.WARN, "devices", "the agent did not list its devices: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void printer(JsonNode p) {
        String id = p.path("id").asText();
        String state = p.path("state").asText("UNKNOWN");
        String since = p.hasNonNull("since") ? " since " + when(p.path("since").asText()) : "";
        String seen = p.hasNonNull("lastSeen")
                ? "last answered " + when(p.path("lastSeen").asText())
                : "not seen since the agent started";
        int queued = p.path("queued").asInt();
        String jobs = queued == 0 ? "" : ", " + queued + " job(s) waiting";
        String where = config.printers().stream()
                .filter(c -> c.id().equals(id))
                .map(c -> describe(c.connection()))
                .findFirst()
                .orElse("?");
        switch (state) {
            case "READY" -> add(Level.OK, "printer " + id, "ready" + since + jobs, null);
            case "PAPER_LOW" -> add(Level.WARN, "printer " + id, "paper low" + since + jobs, "have a new roll ready");
            case "PAPER_OUT" ->
                add(
                        Level.PROBLEM,
                        "printer " + id,
                        "out of paper" + since + jobs,
                        "put in a new roll; the waiting chits print then, none is lost");
            case "COVER_OPEN" -> add(Level.PROBLEM, "printer " + id, "cover open" + since + jobs, "close the cover");
            case "OFFLINE" ->
                add(
                        Level.PROBLEM,
                        "printer " + id,
                        "offline" + since + " (" + seen + ")" + jobs + reason(p),
                        "check its power and cable, and that " + where
                                + " answers (for a network printer: ping its address)");
            default ->
                add(
                        Level.WARN,
                        "printer " + id,
                        state.toLowerCase(Locale.ROOT) + since + " (" + seen + ")" + jobs + reason(p),
                        "check its power and cable, and that " + where + " answers");
        }
    }

    private void scale(JsonNode s) {
        String id = s.path("id").asText();
        if (s.path("connected").asBoolean()) {
            String last = s.path("last").hasNonNull("at")
                    ? ", last weight " + when(s.path("last").path("at").asText())
                    : "";
            add(Level.OK, "scale " + id, "connected" + last, null);
        } else {
            String where = config.scales().stream()
                    .filter(c -> c.id().equals(id))
                    .map(c -> describe(c.connection()))
                    .findFirst()
                    .orElse("?");
            add(
                    Level.PROBLEM,
                    "scale " + id,
                    "not connected" + reason(s),
                    "check its cable and power, and " + where
                            + (where.startsWith("the serial") ? " (ls -l /dev/serial/by-id)" : ""));
        }
    }

    private void sensor(JsonNode s) {
        String id = s.path("id").asText();
        String state = s.path("state").asText("NO_DATA");
        String name = s.path("name").asText(id);
        String at = s.hasNonNull("at") ? when(s.path("at").asText()) : null;
        String reading = s.hasNonNull("celsius") ? s.path("celsius").asDouble() + " °C" : "no reading";
        switch (state) {
            case "OK" -> add(Level.OK, "sensor " + id, name + ": " + reading + (at == null ? "" : " at " + at), null);
            case "NO_DATA" ->
                add(
                        Level.PROBLEM,
                        "sensor " + id,
                        name + ": no reading since the agent started",
                        "check its battery, that it is paired, and that it publishes to the broker (its topic: configuration.md)");
            case "STALE" ->
                add(
                        Level.PROBLEM,
                        "sensor " + id,
                        name + ": no reading since " + at,
                        "check its battery and that it reaches the broker");
            default ->
                add(
                        Level.WARN,
                        "sensor " + id,
                        name + ": " + reading + " (" + state + ")",
                        "see the alert on the screens; check the "
                                + s.path("equipment").asText("equipment"));
        }
    }

    private void cloud(Agent a) {
        if (config.cloud().isEmpty()) {
            add(Level.INFO, "cloud", "no back office configured: the outlet runs standalone", null);
            return;
        }
        if (a.token() == null) {
            return;
        }
        try {
            JsonNode c = a.get("/api/v1/cloud");
            long waiting = c.path("outbox").path("events").asLong();
            String reg = c.path("registration").asText("?");
            if (!"REGISTERED".equals(reg)) {
                add(
                        Level.PROBLEM,
                        "cloud",
                        "not registered (" + reg
                                + (c.hasNonNull("problem")
                                        ? ": " + c.path("problem").asText()
                                        : "") + ")",
                        "give cloud.provisioningCode a new one-time code from the back office, then restart the agent");
            } else if (c.path("reachable").asBoolean()) {
                add(
                        Level.OK,
                        "cloud",
                        "reachable, last answer " + when(c.path("lastSuccess").asText()) + ", " + waiting
                                + " events waiting",
                        null);
            } else {
                add(
                        Level.WARN,
                        "cloud",
                        "not reachable"
                                + (c.hasNonNull("failingSince")
                                        ? " since "
                                                + when(c.path("failingSince").asText())
                                        : "")
                                + " (" + c.path("lastError").asText("?") + "); " + waiting
                                + " events wait, stored safely",
                        "the kitchen keeps working; check the internet connection (ping 1.1.1.1) and "
                                + config.cloud().get().url().getHost());
            }
        } catch (IOException e) {
            add(Level.WARN, "cloud", "the agent did not say: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- ports, clock and disk

    private void mqtt() {
        if (config.mqtt().isEmbedded()) {
            var e = config.mqtt().embedded();
            String host = "0.0.0.0".equals(e.host()) || "::".equals(e.host()) ? "127.0.0.1" : e.host();
            List<String> open = new ArrayList<>();
            List<String> closed = new ArrayList<>();
            if (e.plain()) {
                (listening(host, e.port()) ? open : closed).add(":" + e.port());
            }
            if (e.tlsPort() != null) {
                (listening(host, e.tlsPort()) ? open : closed).add("TLS :" + e.tlsPort());
            }
            if (closed.isEmpty()) {
                add(Level.OK, "mqtt", "the embedded broker listens on " + String.join(", ", open), null);
            } else {
                add(
                        Level.PROBLEM,
                        "mqtt",
                        "the embedded broker does not listen on " + String.join(", ", closed),
                        "the agent is down or another program has the port: sudo ss -ltnp | grep " + e.port());
            }
        } else {
            URI u = config.mqtt().url();
            int port = u.getPort() > 0 ? u.getPort() : "ssl".equals(u.getScheme()) ? 8883 : 1883;
            if (listening(u.getHost(), port)) {
                add(Level.OK, "mqtt", "the outlet's broker answers on " + u.getHost() + ":" + port, null);
            } else {
                add(
                        Level.PROBLEM,
                        "mqtt",
                        "nothing answers on " + u.getHost() + ":" + port,
                        "start the broker: sudo systemctl start mosquitto");
            }
        }
    }

    private void clock() {
        String sync =
                Files.isExecutable(Path.of("/usr/bin/timedatectl")) && Files.isDirectory(Path.of("/run/systemd/system"))
                        ? run("/usr/bin/timedatectl", "show", "-p", "NTPSynchronized", "--value")
                        : null;
        if ("yes".equals(sync)) {
            add(Level.OK, "clock", "synchronised (NTP)", null);
        } else if ("no".equals(sync)) {
            add(
                    Level.WARN,
                    "clock",
                    "not synchronised",
                    "tickets, HACCP records and the audit trail carry the time: sudo timedatectl set-ntp true"
                            + " (a Pi has no battery clock: it needs the network at boot)");
        } else if (Files.exists(Path.of("/run/systemd/timesync/synchronized"))) {
            add(Level.OK, "clock", "synchronised (systemd-timesyncd)", null);
        } else {
            add(Level.INFO, "clock", "whether the clock is synchronised is unknown here (no timedatectl)", null);
        }
    }

    private void disk() {
        Path dir = config.storage().dir().toAbsolutePath();
        Path at = dir;
        while (at != null && !Files.exists(at)) {
            at = at.getParent();
        }
        if (at == null) {
            return;
        }
        try {
            // statvfs through File: works where the mount table is not to be had (a chroot, a container)
            long free = at.toFile().getUsableSpace();
            long total = at.toFile().getTotalSpace();
            long min = config.cloud().map(c -> c.outbox().minFreeDiskBytes()).orElse(100L << 20);
            String text = String.format(Locale.ROOT, "%s: %s free of %s", dir, size(free), size(total));
            if (total == 0) {
                add(Level.WARN, "disk", "cannot read the space on " + at, null);
            } else if (free < min) {
                add(
                        Level.PROBLEM,
                        "disk",
                        text,
                        "the agent refuses orders it cannot store: free space on the card (old logs: journalctl --vacuum-size=50M)");
            } else if (free * 10 < total) {
                add(Level.WARN, "disk", text + " (under 10%)", "free some space on the card soon");
            } else {
                add(Level.OK, "disk", text, null);
            }
            Path db = dir.resolve("dapur.mv.db");
            if (Files.isRegularFile(db)) {
                add(
                        Level.INFO,
                        "database",
                        size(Files.size(db)) + ", last written "
                                + when(Files.getLastModifiedTime(db).toInstant().toString()),
                        null);
            }
        } catch (IOException e) {
            add(Level.WARN, "disk", "cannot read the space on " + at + ": " + e.getMessage(), null);
        }
    }

    // ---- helpers

    private static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A command's first line of output, or null when it cannot run. */
    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return out.lines().findFirst().orElse("");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private SSLContext trustOutletCertificate() {
        Path cert = config.tls().certificate() != null
                ? config.tls().certificate()
                : config.storage().dir().resolve("tls").resolve("outlet-cert.pem");
        try (InputStream in = Files.newInputStream(cert)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry(
                    "outlet", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            return null;
        }
    }

    private String when(String iso) {
        try {
            Instant t = Instant.parse(iso);
            Duration ago = Duration.between(t, clock.instant());
            String local = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).format(t.atZone(zone));
            return local + " (" + (ago.isNegative() ? "just now" : ago(ago) + " ago") + ")";
        } catch (RuntimeException e) {
            return iso;
        }
    }

    private static String ago(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " days";
    }

    private static String describe(DeviceConnection c) {
        return c.host() != null ? c.scheme() + "://" + c.host() + ":" + c.port() : "the serial device " + c.path();
    }

    private static String reason(JsonNode n) {
        return n.hasNonNull("reason") ? ": " + n.path("reason").asText() : "";
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }

    /** The findings as JSON, for a fleet tool. */
    public static String json(List<Finding> findings) {
        try {
            return JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Map.of("findings", findings, "exitCode", exitCode(findings)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
