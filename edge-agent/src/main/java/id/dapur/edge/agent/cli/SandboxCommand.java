package id.dapur.edge.agent.cli;

import id.dapur.edge.agent.sandbox.Fault;
import id.dapur.edge.agent.sandbox.Sandbox;
import id.dapur.edge.agent.sandbox.SandboxReport;
import id.dapur.edge.config.Durations;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sandbox}: an agent for POS integrators on the LAN (docs/pos-quickstart.md). Exit 0 when the
 * POS passed every check, 1 when it failed one, 3 when not every check could be tried, 2 when the
 * sandbox could not start.
 */
@Command(
        name = "sandbox",
        description = {
            "Run an agent for POS integrators on the LAN (plain and TLS, no simulated POS): it prints a POS account,",
            "a token and a screen link, checks everything the POS sends against the contract, injects on request the",
            "faults a POS must survive, and ends with a conformance report (exit 0 PASS, 1 FAIL, 3 INCOMPLETE)."
        })
final class SandboxCommand implements Callable<Integer> {
    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "address to listen on (default ${DEFAULT-VALUE}: every interface)")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port (default ${DEFAULT-VALUE}; 0: any free one)")
    int port;

    @Option(names = "--tls-port", defaultValue = "8443", description = "HTTPS port (default ${DEFAULT-VALUE})")
    int tlsPort;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (default ${DEFAULT-VALUE})")
    int mqttPort;

    @Option(
            names = "--mqtt-tls-port",
            defaultValue = "8883",
            description = "MQTT over TLS port (default ${DEFAULT-VALUE})")
    int mqttTlsPort;

    @Option(names = "--data", description = "storage directory (default: a new temporary one)")
    Path data;

    @Option(
            names = "--faults",
            defaultValue = "",
            description = "faults to inject, in turn: withhold,unavailable,drop,restart or all (default: none;"
                    + " the report page can ask for one)")
    String faults;

    @Option(
            names = "--fault-every",
            defaultValue = "3",
            description = "inject the next fault on every Nth new order (default ${DEFAULT-VALUE})")
    int faultEvery;

    @Option(
            names = "--orders",
            defaultValue = "0",
            description = "end once this many orders are settled (default: run until stopped)")
    int orders;

    @Option(names = "--duration", description = "end after this long (90s, 10m, 1h)")
    String duration;

    @Option(
            names = "--resend-within",
            defaultValue = "30s",
            description = "how long a POS has to send an order again after a fault (default ${DEFAULT-VALUE})")
    String resendWithin;

    @Option(names = "--report", description = "also write the report as JSON to this file")
    Path report;

    @Option(
            names = "--pos-user",
            defaultValue = "pos-1",
            description = "the POS's MQTT user and token name (default ${DEFAULT-VALUE})")
    String posUser;

    @Option(names = "--verbose", description = "the agent's own log too (only warnings otherwise)")
    boolean verbose;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Sandbox.Settings settings;
        try {
            List<Fault> list = Fault.parseList(faults);
            if (faultEvery < 1) {
                throw new IllegalArgumentException("--fault-every must be 1 or more");
            }
            if (orders < 0) {
                throw new IllegalArgumentException("--orders must be 0 or more");
            }
            if (!posUser.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("--pos-user must be 1-64 letters, digits, '_', '.' or '-'");
            }
            Duration d = duration == null ? null : Durations.parse(duration);
            Duration within = Durations.parse(resendWithin);
            if (report != null
                    && report.toAbsolutePath().getParent() != null
                    && !Files.isDirectory(report.toAbsolutePath().getParent())) {
                throw new IllegalArgumentException(
                        "--report: the folder " + report.toAbsolutePath().getParent() + " does not exist");
            }
            settings = new Sandbox.Settings(
                    host,
                    port,
                    tlsPort,
                    mqttPort,
                    mqttTlsPort,
                    data,
                    list,
                    faultEvery,
                    orders,
                    d,
                    within,
                    report,
                    posUser,
                    verbose);
        } catch (IllegalArgumentException e) {
            System.err.println("dapur-edge sandbox: " + e.getMessage());
            return 2;
        }
        Sandbox sandbox = new Sandbox(settings, out::println);
        Sandbox.Access a;
        try {
            a = sandbox.start();
        } catch (Sandbox.SandboxException e) {
            System.err.println("dapur-edge sandbox: " + e.getMessage());
            return 2;
        }
        banner(out, a, settings);
        Thread hook = new Thread(
                () -> {
                    sandbox.end();
                    SandboxReport r = sandbox.finish();
                    if (r != null) {
                        conclude(out, r);
                    }
                },
                "dapur-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        SandboxReport r = sandbox.awaitEnd();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return 130; // the process is stopping: the hook says the rest
        }
        if (r == null) {
            return 130;
        }
        return conclude(out, r);
    }

    private int conclude(PrintStream out, SandboxReport r) {
        out.println();
        out.print(r.text());
        if (report != null) {
            try {
                Files.writeString(report, r.json(), StandardCharsets.UTF_8);
                out.println("  report written to " + report);
            } catch (IOException e) {
                System.err.println("dapur-edge sandbox: cannot write the report to " + report + ": " + e.getMessage());
            }
        }
        out.flush();
        return r.exitCode();
    }

    private static void banner(PrintStream out, Sandbox.Access a, Sandbox.Settings s) {
        String http = "http://" + a.host() + ":" + a.httpPort();
        String https = "https://" + a.host() + ":" + a.httpsPort();
        String faults = s.faults().isEmpty()
                ? "none (ask for one on the report page, or run with --faults all)"
                : String.join(", ", s.faults().stream().map(Fault::wire).toList()) + ", in turn, on every "
                        + (s.faultEvery() == 1 ? "" : ordinal(s.faultEvery()) + " ") + "new order";
        out.printf(
                """

                Dapur Edge POS sandbox (outlet %s). Point your POS here; every message it sends is checked against the contract.
                  MQTT       tcp://%s:%d and ssl://%s:%d, user %s, password %s
                             publish orders on dapur/%s/orders/in (QoS 1); answers on dapur/%s/orders/<orderId>/events
                  HTTP       POST %s/api/v1/orders (and %s), header Authorization: Bearer %s
                  TLS        certificate %s
                             SHA-256 %s
                  Contract   %s/api/v1/openapi.json
                  Screen     %s/kds/kitchen?token=%s
                  Report     %s/sandbox?token=%s  (JSON: /sandbox/report.json)
                  Faults     %s
                  Ends       %s
                For the quick start's commands:
                  export DAPUR_HOST=%s DAPUR_HTTP_PORT=%d DAPUR_HTTPS_PORT=%d DAPUR_MQTT_PORT=%d DAPUR_MQTTS_PORT=%d \\
                    DAPUR_OUTLET=%s POS_USER=%s POS_PASSWORD=%s POS_TOKEN=%s DAPUR_CA=%s

                """,
                a.outlet(),
                a.host(),
                a.mqttPort(),
                a.host(),
                a.mqttsPort(),
                a.posUser(),
                a.posPassword(),
                a.outlet(),
                a.outlet(),
                http,
                https,
                a.posToken(),
                a.certificate(),
                a.fingerprint(),
                http,
                http,
                a.screenToken(),
                http,
                a.posToken(),
                faults,
                ends(s),
                a.host(),
                a.httpPort(),
                a.httpsPort(),
                a.mqttPort(),
                a.mqttsPort(),
                a.outlet(),
                a.posUser(),
                a.posPassword(),
                a.posToken(),
                a.certificate());
        out.flush();
    }

    private static String ends(Sandbox.Settings s) {
        String ends = s.orders() > 0 ? "once " + s.orders() + " orders are settled" : "";
        if (s.duration() != null) {
            ends += (ends.isEmpty() ? "" : ", or ") + "after " + Durations.format(s.duration());
        }
        return (ends.isEmpty() ? "on Ctrl-C" : ends + ", or on Ctrl-C")
                + " (or the report page's button), with the conformance report";
    }

    private static String ordinal(int n) {
        return n
                + (n % 100 >= 11 && n % 100 <= 13
                        ? "th"
                        : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th");
    }
}
