package id.dapur.edge.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.config.ConfigException;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.ConfigProblem;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.EnvironmentFile;
import id.dapur.edge.config.Role;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * {@code dapur-edge doctor}: a live outlet in one screen, for the technician standing in it. The
 * configuration (with the service's environment file), the service, the ports, the agent's health
 * (storage and its last commit, broker, intake), each printer, scale and sensor (seen or not, and since
 * when), the cloud, the clock and the disk; each finding with what to do about it, in plain words.
 */
public final class Doctor implements Report {
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
        AgentApi agent = agent();
        if (agent != null) {
            health(agent);
            devices(agent);
            cloud(agent);
        }
        HostFindings host = new HostFindings(config, this);
        host.mqtt();
        host.clock();
        host.disk();
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

    @Override
    public void add(Level level, String what, String detail, String todo) {
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
        String state = HostFindings.run("/usr/bin/systemctl", "is-active", "dapur-edge");
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

    private AgentApi agent() {
        var h = config.http();
        boolean plain = h.plain() && h.port() > 0;
        int port = plain ? h.port() : h.tlsPort() == null ? -1 : h.tlsPort();
        String host = "0.0.0.0".equals(h.host()) || "::".equals(h.host()) ? "127.0.0.1" : h.host();
        String base = (plain ? "http" : "https") + "://" + host + ":" + port;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (!plain) {
            SSLContext tls = AgentApi.trustOutletCertificate(config);
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
        AgentApi a = new AgentApi(base, client.build(), token);
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
            return new AgentApi(base, a.http(), null);
        }
        return a;
    }

    private JsonNode findingsHealth;

    private void health(AgentApi a) {
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

    private void devices(AgentApi a) {
        if (a.token() == null) {
            return;
        }
        DeviceFindings devices = new DeviceFindings(config, this);
        try {
            for (JsonNode p : a.get("/api/v1/printers").path("printers")) {
                devices.printer(p);
            }
            for (JsonNode s : a.get("/api/v1/scales").path("scales")) {
                devices.scale(s);
            }
            for (JsonNode s : a.get("/api/v1/sensors").path("sensors")) {
                devices.sensor(s);
            }
        } catch (IOException e) {
            add(Level.WARN, "devices", "the agent did not list its devices: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cloud(AgentApi a) {
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

    @Override
    public String when(String iso) {
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
