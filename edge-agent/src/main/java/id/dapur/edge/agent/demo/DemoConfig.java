package id.dapur.edge.agent.demo;

import id.dapur.edge.agent.security.PrintedSecrets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's configuration: embedded broker, fresh random secrets, the warung's stations, and a
 * screen token per station (their pairing links are printed at start).
 */
public record DemoConfig(
        String yaml,
        String adminToken,
        String posPassword,
        String kitchenPassword,
        Map<String, String> screenTokens,
        String boardToken,
        String posToken) {
    public static final List<String> STATIONS = List.of("wok", "grill", "soup", "bar", "expo");

    public static DemoConfig create(
            Path dataDir, int httpPort, int mqttPort, DemoPrinters printers, DemoRecords records) {
        return create(dataDir, "127.0.0.1", httpPort, mqttPort, printers, records);
    }

    /** As above, listening on {@code host} (127.0.0.1: this machine only; 0.0.0.0: the LAN too). */
    public static DemoConfig create(
            Path dataDir, String host, int httpPort, int mqttPort, DemoPrinters printers, DemoRecords records) {
        String admin = secret();
        String posToken = secret();
        String pos = secret();
        String kitchen = secret();
        String board = secret();
        Map<String, String> screens = new LinkedHashMap<>();
        StringBuilder tokens = new StringBuilder();
        for (String st : STATIONS) {
            screens.put(st, secret());
            tokens.append("    - { token: \"")
                    .append(screens.get(st))
                    .append("\", role: kds, station: ")
                    .append(st)
                    .append(", name: screen-")
                    .append(st)
                    .append(" }\n");
        }
        String yaml = ("""
                outlet: { id: demo-01, tenant: demo, name: "Warung Demo" }
                mqtt:
                  embedded: { port: %d, host: "%s" }
                  accounts:
                    - { username: pos-demo, password: "%s", role: pos }
                    - { username: kitchen-demo, password: "%s", role: admin }
                http:
                  host: "%s"
                  port: %d
                  tokens:
                    - { token: "%s", role: admin, name: demo-admin }
                    - { token: "%s", role: pos, name: pos-demo }
                    - { token: "%s", role: board, name: ready-board }
                %s
                storage: { dir: "%s" }
                stations:
                  - { id: wok, name: Wok, categories: [wok, rice] }
                  - { id: grill, name: Grill & Sate, categories: [grill] }
                  - { id: soup, name: Soto & Sop, categories: [soup] }
                  - { id: bar, name: Minuman, categories: [drinks, dessert], pacing: true }
                  - { id: expo, name: Expo, expo: true }
                defaultStation: wok
                kitchen: { load: { busyAt: 12m, slammedAt: 25m } }
                board: { language: id, readyFor: 5m, title: "Warung Demo — ambil pesanan" }
                printers:
                  - { id: kitchen-1, connection: "tcp://127.0.0.1:%d", model: epson-tm-u220, width: %d, stations: [grill, soup], backup: kitchen-2 }
                  - { id: kitchen-2, connection: "tcp://127.0.0.1:%d", model: star-tsp100, width: %d, stations: [bar] }
                  - { id: front, connection: "tcp://127.0.0.1:%d", model: epson-tm-m30, width: %d }
                printing:
                  language: id
                  fallbackPrinter: kitchen-1
                  receiptPrinter: front
                  header: ["Warung Demo", "Jl. Kemang Raya 1, Jakarta"]
                  footer: ["Terima kasih!", "Dapur Edge demo"]
                  qrUrl: "https://dapur.example/r/{orderId}"
                """ + DemoSensors.CONFIG + Menu.configYaml() + records.configYaml())
                .formatted(
                        mqttPort,
                        host,
                        pos,
                        kitchen,
                        host,
                        httpPort,
                        admin,
                        posToken,
                        board,
                        tokens.toString(),
                        dataDir.toAbsolutePath().toString().replace("\\", "/"),
                        printers.port("kitchen-1"),
                        printers.width("kitchen-1"),
                        printers.port("kitchen-2"),
                        printers.width("kitchen-2"),
                        printers.port("front"),
                        printers.width("front"));
        return new DemoConfig(yaml, admin, pos, kitchen, screens, board, posToken);
    }

    private static String secret() {
        return PrintedSecrets.make();
    }
}
