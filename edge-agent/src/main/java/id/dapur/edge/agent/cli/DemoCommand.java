package id.dapur.edge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.demo.DemoConfig;
import id.dapur.edge.agent.demo.DemoDelivery;
import id.dapur.edge.agent.demo.DemoPos;
import id.dapur.edge.agent.demo.DemoPrinters;
import id.dapur.edge.agent.demo.DemoRecords;
import id.dapur.edge.agent.demo.DemoSensors;
import id.dapur.edge.agent.demo.SimulatedKitchen;
import id.dapur.edge.agent.sandbox.SandboxSetup;
import id.dapur.edge.agent.security.SecureFiles;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.config.ConfigException;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo [--port N]}: everything embedded and simulated; prints where to look. */
@Command(name = "demo", description = "Run a self-contained demo: embedded broker, simulated POS and kitchen.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "embedded MQTT port (default ${DEFAULT-VALUE})")
    int mqttPort;

    @Option(names = "--data", description = "storage directory (default: a new temporary one)")
    Path data;

    @Option(
            names = "--rate",
            defaultValue = "6",
            description = "orders per minute from the simulated POS (default ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0: the LAN too)")
    String host;

    @Option(
            names = "--no-pos",
            description =
                    "no simulated POS and no delivery orders: orders come only from your own POS (its account and token are printed)")
    boolean noPos;

    @Option(
            names = "--kitchen-speed",
            defaultValue = "4",
            description = "how much faster than real the simulated cooks are (default ${DEFAULT-VALUE})")
    double speed;

    @Override
    public Integer call() throws IOException, ConfigException {
        Path dir = data != null ? data : Files.createTempDirectory("dapur-demo-");
        SecureFiles.createPrivateDirectories(dir); // the demo config holds its passwords
        DemoPrinters printers = new DemoPrinters(dir);
        DemoRecords records = new DemoRecords();
        DemoConfig demo = DemoConfig.create(dir.resolve("db"), host, port, mqttPort, printers, records);
        Path file = dir.resolve("demo-config.yaml");
        // a fake back office on loopback, as the tests use: the agent registers, streams its events, reports health
        FakeCloud cloud = FakeCloud.start();
        String code = "demo-" + UUID.randomUUID();
        cloud.provisioningCode(code);
        cloud.config("demo-01", "demo-1", null, null);
        SecureFiles.writePrivate(
                file,
                (demo.yaml() + """
                cloud:
                  url: %s
                  provisioningCode: "%s"
                  heartbeatInterval: 30s
                  unreachableAlertAfter: 2m
                """.formatted(cloud.url(), code)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ConfigLoader loader = new ConfigLoader(Map.of());
        JsonNode tree = loader.loadTree(file);
        DapurConfig config = loader.fromTree(tree);
        Vertx helpers = Vertx.vertx();
        AutoCloseable[] sims = new AutoCloseable[7];
        sims[6] = records;
        sims[4] = cloud;
        sims[2] = printers;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c : sims) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception ignored) {
                    // shutting down
                }
            }
            helpers.close();
        }));
        return AgentLauncher.run(config, tree, false, () -> {
            String broker = "tcp://127.0.0.1:" + mqttPort;
            try {
                DemoPos pos = new DemoPos(helpers, broker, config.outlet().id(), demo.posPassword());
                sims[0] = pos;
                sims[1] = new SimulatedKitchen(helpers, broker, config.outlet().id(), demo.kitchenPassword(), speed);
                sims[3] = new DemoSensors(helpers, broker, config.outlet().id(), demo.kitchenPassword());
                if (!noPos) {
                    pos.start(rate);
                }
                DemoDelivery delivery =
                        new DemoDelivery(helpers, cloud, config.outlet().id());
                sims[5] = delivery;
                if (!noPos) {
                    delivery.start(Math.max(0.5, rate / 4));
                }
                records.start(helpers, "http://127.0.0.1:" + port, demo.screenTokens(), speed);
            } catch (Exception e) {
                System.err.println("dapur-edge: demo traffic could not start: " + e.getMessage());
            }
            String base = "http://" + (host.equals("0.0.0.0") ? SandboxSetup.shownHost(host) : host) + ":" + port;
            StringBuilder screens = new StringBuilder();
            demo.screenTokens()
                    .forEach((st, token) ->
                            screens.append(String.format("  %-6s %s/kds/%s?token=%s%n", st, base, st, token)));
            System.out.printf(
                    """

                    Dapur Edge demo is running (outlet demo-01, data in %s)
                      Health:      %s/health
                      Metrics:     %s/metrics
                      Wok tickets: curl -H 'Authorization: Bearer %s' %s/api/v1/stations/wok/tickets
                      Expo:        curl -H 'Authorization: Bearer %s' %s/api/v1/stations/expo/tickets?status=all
                      MQTT:        %s (accounts and passwords in %s)
                      Your own POS: MQTT user pos-demo, password %s; HTTP token %s (docs/pos-quickstart.md)
                    Kitchen screens (open each link once on its screen; it stays paired):
                    %s
                    Ready board for the pickup counter (customer-facing TV): %s/board?token=%s
                    Kitchen floor: the simulated cooks 86 a dish every few minutes (the red strip on every screen;
                      curl -H 'Authorization: Bearer %s' %s/api/v1/menu/availability), GrabFood, GoFood and ShopeeFood
                      orders arrive from the fake back office's order feed, the kitchen load is in each screen's header
                      (curl -H 'Authorization: Bearer %s' %s/api/v1/kitchen/load), drinks are paced to finish with the
                      mains, and Nasi Goreng Kampung and Sate Ayam have recipe cards (select the line, press i).
                    Kitchen records: a cook is signed in at each station (%s), so bumps and waste
                      record who made them; every few minutes one of them weighs waste on the simulated scale.
                      Dashboard (manager's tablet): %s/dashboard?token=%s
                      Waste today: curl -H 'Authorization: Bearer %s' %s/api/v1/waste
                      Waste PDF:   curl -o waste.pdf -H 'Authorization: Bearer %s' '%s/api/v1/waste/report?format=pdf'
                      H2AnalyticsStore:   curl -H 'Authorization: Bearer %s' %s/api/v1/analytics/tickets
                      Audit trail: curl -H 'Authorization: Bearer %s' %s/api/v1/audit/verify
                    Printers (simulated): kitchen-1, an Epson TM-U220 impact printer at the grill, prints grill and soup
                      chits with allergens and modifiers in red; kitchen-2, a Star TSP100 that prints only images,
                      drinks (the agent draws each chit); front receipts;
                      stations with no screen open go to paper on kitchen-1 after 2 minutes.
                      Every printout is saved as PNG and text in %s
                      Printers:    curl -H 'Authorization: Bearer %s' %s/api/v1/printers
                      Test page:   curl -X POST -H 'Authorization: Bearer %s' %s/api/v1/printers/kitchen-1/test
                    Cloud (a fake back office on this machine): registered with a one-time code, every order, ticket,
                      alert and reading streamed through the store-and-forward outbox, heartbeats every 30 s.
                      Bridge:      curl -H 'Authorization: Bearer %s' %s/api/v1/cloud
                      Cloud side:  curl %s/fake/status
                    Food safety: four simulated sensors (contract, Tasmota, ESPHome, Zigbee2MQTT formats); the drinks
                      fridge's door is left open every half hour, so an alert is raised, shown on the screens and cleared.
                      Sensors:     curl -H 'Authorization: Bearer %s' %s/api/v1/sensors
                      Alerts:      curl -H 'Authorization: Bearer %s' %s/api/v1/alerts
                      HACCP PDF:   curl -o haccp.pdf -H 'Authorization: Bearer %s' %s/api/v1/haccp/report
                      GPIO (mock): curl -H 'Authorization: Bearer %s' %s/api/v1/gpio
                    %s Ctrl-C stops.
                    %n""",
                    dir,
                    base,
                    base,
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    broker,
                    file,
                    demo.posPassword(),
                    demo.posToken(),
                    screens,
                    base,
                    demo.boardToken(),
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    DemoRecords.cooks(),
                    base,
                    demo.adminToken(),
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    printers.directory(),
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    cloud.url().replace("/api", ""),
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    demo.adminToken(),
                    base,
                    noPos
                            ? "No simulated POS (--no-pos): send your own orders; simulated cooks work them."
                            : String.format(
                                    "A simulated POS sends %.0f orders a minute; simulated cooks work them.", rate));
        });
    }
}
