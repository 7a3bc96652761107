package id.dapur.edge.config;

import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.config.DevicesConfig.ScaleConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole, merged, validated configuration of one agent. Immutable; build it with {@link ConfigLoader}.
 */
public record DapurConfig(
        OutletConfig outlet,
        MqttConfig mqtt,
        HttpConfig http,
        StorageConfig storage,
        List<StationConfig> stations,
        String defaultStation,
        KitchenConfig kitchen,
        List<PrinterConfig> printers,
        List<ScaleConfig> scales,
        List<SensorConfig> sensors,
        HaccpConfig haccp,
        Optional<CloudConfig> cloud,
        PrintingConfig printing,
        GpioConfig gpio,
        TlsConfig tls,
        MenuConfig menu,
        BoardConfig board,
        StaffConfig staff,
        RecordsConfig records,
        UpdateConfig update,
        MaintenanceConfig maintenance) {

    public DapurConfig {
        stations = List.copyOf(stations);
        printers = List.copyOf(printers);
        scales = List.copyOf(scales);
        sensors = List.copyOf(sensors);
    }

    public Optional<StationConfig> station(String id) {
        return stations.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** When a ticket of this station turns amber: the station's own setting, else the kitchen's. */
    public Duration amberAfter(StationConfig s) {
        return s.amberAfter() != null ? s.amberAfter() : kitchen.amberAfter();
    }

    /** When a ticket of this station turns red: the station's own setting, else the kitchen's. */
    public Duration redAfter(StationConfig s) {
        return s.redAfter() != null ? s.redAfter() : kitchen.redAfter();
    }

    static DapurConfig read(ConfigNode n) {
        n.known("defaults");
        OutletConfig outlet = n.object("outlet", OutletConfig::read);
        MqttConfig mqtt = n.object("mqtt", MqttConfig::read);
        HttpConfig http = n.object("http", HttpConfig::read);
        StorageConfig storage = n.object("storage", StorageConfig::read);
        List<StationConfig> stations = n.list("stations", StationConfig::read);
        String defaultStation = n.string("defaultStation", null);
        KitchenConfig kitchen = n.object("kitchen", KitchenConfig::read);
        List<PrinterConfig> printers = n.list("printers", PrinterConfig::read);
        List<ScaleConfig> scales = n.list("scales", ScaleConfig::read);
        List<SensorConfig> sensors = n.list("sensors", SensorConfig::read);
        HaccpConfig haccp = n.object("haccp", HaccpConfig::read);
        CloudConfig cloud = n.has("cloud") ? n.object("cloud", CloudConfig::read) : null;
        n.known("cloud");
        PrintingConfig printing = n.object("printing", p -> PrintingConfig.read(p, kitchen.language()));
        GpioConfig gpio = n.has("gpio") ? n.object("gpio", GpioConfig::read) : GpioConfig.NONE;
        n.known("gpio");
        TlsConfig tls = n.has("tls") ? n.object("tls", TlsConfig::read) : TlsConfig.GENERATED;
        n.known("tls");
        MenuConfig menu = n.has("menu") ? n.object("menu", MenuConfig::read) : MenuConfig.NONE;
        n.known("menu");
        BoardConfig board = n.object("board", b -> BoardConfig.read(b, kitchen.language()));
        StaffConfig staff = StaffConfig.read(n, "staff");
        RecordsConfig records = n.object("records", RecordsConfig::read);
        UpdateConfig update = n.has("update") ? n.object("update", UpdateConfig::read) : UpdateConfig.NONE;
        n.known("update");
        MaintenanceConfig maintenance = n.object("maintenance", MaintenanceConfig::read);

        defaultStation = checkStations(n, stations, defaultStation);
        for (int i = 0; i < stations.size(); i++) {
            StationConfig s = stations.get(i);
            Duration amber = s.amberAfter() != null ? s.amberAfter() : kitchen.amberAfter();
            Duration red = s.redAfter() != null ? s.redAfter() : kitchen.redAfter();
            if (red.compareTo(amber) <= 0) {
                n.problem(
                        "stations[" + i + "].redAfter",
                        "must be later than amberAfter (" + Durations.format(amber) + ")");
            }
        }
        checkReferences(n, mqtt, http, stations, printers);
        checkPrinting(n, printing, printers);
        if (mqtt.isEmbedded() && mqtt.embedded().port() == http.port()) {
            n.problem("http.port", "is the same port as mqtt.embedded.port (" + http.port() + ")");
        }
        unique(n, "printers", printers.stream().map(PrinterConfig::id).toList());
        for (int i = 0; i < printers.size(); i++) {
            String id = printers.get(i).id();
            if (printers.get(i).mqtt()
                    && mqtt.accounts().stream().anyMatch(a -> a.username().equals(id))) {
                n.problem(
                        "printers[" + i + "].id",
                        "'" + id
                                + "' is also an MQTT account's username; a printer with mqtt: true signs in as its id");
            }
        }
        unique(n, "scales", scales.stream().map(ScaleConfig::id).toList());
        unique(n, "sensors", sensors.stream().map(SensorConfig::id).toList());
        return new DapurConfig(
                outlet,
                mqtt,
                http,
                storage,
                stations,
                defaultStation,
                kitchen,
                printers,
                scales,
                sensors,
                haccp,
                Optional.ofNullable(cloud),
                printing,
                gpio,
                tls,
                menu,
                board,
                staff,
                records,
                update,
                maintenance);
    }

    /**
     * Every MQTT account the broker knows: the configured ones, then one per CloudPRNT printer with
     * {@code mqtt: true} (its printer id and password, {@link Role#PRINTER}).
     */
    public List<MqttConfig.MqttAccount> mqttAccounts() {
        List<MqttConfig.MqttAccount> all = new java.util.ArrayList<>(mqtt.accounts());
        printers.stream()
                .filter(PrinterConfig::mqtt)
                .forEach(p -> all.add(new MqttConfig.MqttAccount(p.id(), p.password(), Role.PRINTER, null)));
        return List.copyOf(all);
    }

    /**
     * The printer that prints for stations without screens or printers: the configured one, else the
     * first; none when {@code printing.fallbackPrinter} is {@code none}.
     */
    public Optional<PrinterConfig> fallbackPrinter() {
        String id = printing.fallbackPrinter();
        if (PrintingConfig.NONE.equals(id)) {
            return Optional.empty();
        }
        return id == null
                ? printers.stream().findFirst()
                : printers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static void checkPrinting(ConfigNode n, PrintingConfig printing, List<PrinterConfig> printers) {
        List<String> ids = printers.stream().map(PrinterConfig::id).toList();
        if (printing.fallbackPrinter() != null
                && !PrintingConfig.NONE.equals(printing.fallbackPrinter())
                && !ids.contains(printing.fallbackPrinter())) {
            n.problem("printing.fallbackPrinter", "'" + printing.fallbackPrinter() + "' is not a printer id");
        }
        if (printing.receiptPrinter() != null && !ids.contains(printing.receiptPrinter())) {
            n.problem("printing.receiptPrinter", "'" + printing.receiptPrinter() + "' is not a printer id");
        }
    }

    private static String checkStations(ConfigNode n, List<StationConfig> stations, String defaultStation) {
        if (stations.isEmpty()) {
            n.problem("stations", "at least one station is required");
            return defaultStation;
        }
        unique(n, "stations", stations.stream().map(StationConfig::id).toList());
        Map<String, String> claimedBy = new HashMap<>();
        for (int i = 0; i < stations.size(); i++) {
            for (String c : stations.get(i).categories()) {
                String prev = claimedBy.putIfAbsent(c, stations.get(i).id());
                if (prev != null) {
                    n.problem(
                            "stations[" + i + "].categories",
                            "category '" + c + "' is already claimed by station '" + prev + "'");
                }
            }
        }
        if (defaultStation == null) {
            // documented default: the first station that cooks
            return stations.stream()
                    .filter(s -> !s.expo())
                    .map(StationConfig::id)
                    .findFirst()
                    .orElseGet(() -> {
                        n.problem("stations", "at least one station must not be expo");
                        return null;
                    });
        }
        Optional<StationConfig> d =
                stations.stream().filter(s -> s.id().equals(defaultStation)).findFirst();
        if (d.isEmpty()) {
            n.problem("defaultStation", "'" + defaultStation + "' is not a station id");
        } else if (d.get().expo()) {
            n.problem("defaultStation", "'" + defaultStation + "' is an expo station; items need a station that cooks");
        }
        return defaultStation;
    }

    private static void checkReferences(
            ConfigNode n,
            MqttConfig mqtt,
            HttpConfig http,
            List<StationConfig> stations,
            List<PrinterConfig> printers) {
        List<String> ids = stations.stream().map(StationConfig::id).toList();
        for (int i = 0; i < mqtt.accounts().size(); i++) {
            stationOfRole(
                    n,
                    "mqtt.accounts[" + i + "]",
                    mqtt.accounts().get(i).role(),
                    mqtt.accounts().get(i).station(),
                    ids);
        }
        unique(
                n,
                "mqtt.accounts",
                mqtt.accounts().stream().map(MqttConfig.MqttAccount::username).toList());
        for (int i = 0; i < mqtt.accounts().size(); i++) {
            if (mqtt.accounts().get(i).username().startsWith(MqttConfig.RESERVED_PREFIX)) {
                n.problem(
                        "mqtt.accounts[" + i + "].username",
                        "names starting with '" + MqttConfig.RESERVED_PREFIX + "' are the agent's own");
            }
        }
        for (int i = 0; i < http.tokens().size(); i++) {
            stationOfRole(
                    n,
                    "http.tokens[" + i + "]",
                    http.tokens().get(i).role(),
                    http.tokens().get(i).station(),
                    ids);
        }
        if (http.tokens().stream().map(HttpConfig.ApiToken::token).distinct().count()
                != http.tokens().size()) {
            n.problem("http.tokens", "the same token is listed twice");
        }
        List<String> printerIds = printers.stream().map(PrinterConfig::id).toList();
        for (int i = 0; i < printers.size(); i++) {
            PrinterConfig p = printers.get(i);
            for (String s : p.stations()) {
                if (!ids.contains(s)) {
                    n.problem("printers[" + i + "].stations", "'" + s + "' is not a station id");
                }
            }
            if (p.backup() != null && (p.backup().equals(p.id()) || !printerIds.contains(p.backup()))) {
                n.problem("printers[" + i + "].backup", "'" + p.backup() + "' must be the id of another printer");
            }
        }
    }

    private static void stationOfRole(ConfigNode n, String path, Role role, String station, List<String> ids) {
        if (role == Role.KDS && station == null) {
            n.problem(path + ".station", "is required for role kds");
        } else if (station != null && role != Role.KDS) {
            n.problem(path + ".station", "applies only to role kds");
        } else if (station != null && !ids.contains(station)) {
            n.problem(path + ".station", "'" + station + "' is not a station id");
        }
    }

    static void unique(ConfigNode n, String path, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.indexOf(ids.get(i)) != i) {
                n.problem(path + "[" + i + "]", "id '" + ids.get(i) + "' is used twice");
            }
        }
    }
}
