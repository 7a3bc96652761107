package id.dapur.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final String MINIMAL = """
            outlet:
              id: jkt-01
              tenant: bedagang
            mqtt:
              embedded: { port: 1883 }
              accounts:
                - { username: pos-1, password: "pos-secret-1", role: pos }
                - { username: kds-wok, password: "kds-secret-1", role: kds, station: wok }
                - { username: sensor-1, password: "sensor-secret", role: sensor }
            http:
              port: 8080
              tokens:
                - { token: "admin-token-0123456789", role: admin }
                - { token: "wok-token-0123456789ab", role: kds, station: wok }
            storage:
              dir: ./data
            stations:
              - { id: wok, name: Wok, categories: [wok, rice] }
              - { id: bar, name: Drinks, categories: [drinks] }
              - { id: expo, name: Expo, expo: true }
            defaultStation: wok
            """;

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    private List<ConfigProblem> problemsOf(String yaml) throws IOException {
        Path p = write("bad.yaml", yaml);
        try {
            new ConfigLoader(Map.of()).load(p);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    @Test
    void minimalContractFileLoadsWithDocumentedDefaults() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of()).load(write("c.yaml", MINIMAL));
        assertThat(c.outlet().id()).isEqualTo("jkt-01");
        assertThat(c.mqtt().isEmbedded()).isTrue();
        assertThat(c.mqtt().accounts()).hasSize(3);
        assertThat(c.stations()).extracting(StationConfig::id).containsExactly("wok", "bar", "expo");
        assertThat(c.defaultStation()).isEqualTo("wok");
        assertThat(c.kitchen().recallWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.storage().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.http().maxBodyBytes()).isEqualTo(256 * 1024);
        assertThat(c.cloud()).isEmpty();
    }

    @Test
    void updatesWaitForAQuietKitchenByDefaultAndTheWindowIsChecked() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of()).load(write("c.yaml", MINIMAL));
        assertThat(c.maintenance()).isEqualTo(MaintenanceConfig.DEFAULTS);
        assertThat(c.maintenance().inUpdateHours(java.time.LocalTime.NOON))
                .as("no hours: any hour")
                .isTrue();
        DapurConfig set = new ConfigLoader(Map.of())
                .load(write(
                        "m.yaml",
                        MINIMAL + "maintenance: { updateHours: [\"22:00-06:00\"], quietWhen: load_below_busy }\n"));
        assertThat(set.maintenance().quietWhen()).isEqualTo(MaintenanceConfig.QuietWhen.LOAD_BELOW_BUSY);
        assertThat(set.maintenance().inUpdateHours(java.time.LocalTime.of(23, 0)))
                .isTrue();
        assertThat(set.maintenance().inUpdateHours(java.time.LocalTime.of(6, 0)))
                .isFalse();
        List<ConfigProblem> problems = problemsOf(
                MINIMAL
                        + "maintenance: { updateHours: [\"25:00-06:00\", \"10:00-10:00\"], quietWhen: SOMETIMES, quietAfter: 5s, recheck: 1h }\n");
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder(
                        "maintenance.updateHours[0]",
                        "maintenance.updateHours",
                        "maintenance.quietWhen",
                        "maintenance.quietAfter",
                        "maintenance.recheck");
        assertThat(problems)
                .extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).contains("same minute"));
    }

    @Test
    void aPrinterGetsThePaperItsModelTakes() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of()).load(write("p.yaml", MINIMAL + """
                        printers:
                          - { id: grill, connection: "tcp://10.0.0.9:9100", model: epson-tm-u220 }
                          - { id: front, connection: "tcp://10.0.0.8:9100", model: epson-tm-t20 }
                        """));
        assertThat(c.printers()).extracting(DevicesConfig.PrinterConfig::width).containsExactly(76, 80);
        List<ConfigProblem> problems = problemsOf(MINIMAL + """
                printers:
                  - { id: grill, connection: "tcp://10.0.0.9:9100", model: epson-tm-u220, width: 80 }
                  - { id: front, connection: "tcp://10.0.0.8:9100", model: epson-tm-t20, width: 76 }
                  - { id: star, connection: "tcp://10.0.0.7:9100", model: star-tsp999 }
                """);
        assertThat(problems)
                .extracting(p -> p.path() + ": " + p.message())
                .contains(
                        "printers[0].width: epson-tm-u220 takes paper of 76 mm, got 80",
                        "printers[1].width: epson-tm-t20 takes paper of 58 or 80 mm, got 76")
                .anySatisfy(m -> assertThat(m).startsWith("printers[2].model: unknown printer model 'star-tsp999'"));
    }

    @Test
    void aRasterOnlyPrinterIsDrawnForAndAskingItForTextIsRefused() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of()).load(write("r.yaml", MINIMAL + """
                        printers:
                          - { id: bar, connection: "tcp://10.0.0.9:9100", model: star-tsp100 }
                          - { id: front, connection: "tcp://10.0.0.8:9100", model: star-prnt }
                        """));
        assertThat(c.printers()).extracting(DevicesConfig.PrinterConfig::render).containsExactly("raster", "text");
        List<ConfigProblem> problems = problemsOf(MINIMAL + """
                printers:
                  - { id: bar, connection: "tcp://10.0.0.9:9100", model: star-tsp100, render: text }
                  - { id: front, connection: "tcp://10.0.0.8:9100", model: epson-tm-t20, render: raster }
                  - { id: back, connection: "tcp://10.0.0.7:9100", model: star-tsp100, render: pdf }
                """);
        assertThat(problems)
                .extracting(p -> p.path() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "printers[0].render: star-tsp100 prints only raster images: it cannot print text, so render must be raster",
                        "printers[1].render: epson-tm-t20 is sent text; drawing chits as images is for raster-only models (star-tsp100)",
                        "printers[2].render: must be text or raster, got 'pdf'");
    }

    @Test
    void aPrinterThatPollsIsAStarWithItsMacAndItsOwnPassword() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of()).load(write("cp.yaml", MINIMAL + """
                        printers:
                          - { id: bar, connection: "cloudprnt://00-11-62-0A-0B-0C", model: star-tsp100, password: "Kq7vZ2pX9mLw4Rt8" }
                        """));
        DevicesConfig.PrinterConfig bar = c.printers().get(0);
        assertThat(bar.connection().scheme()).isEqualTo("cloudprnt");
        assertThat(bar.connection().host()).as("lower case, colons").isEqualTo("00:11:62:0a:0b:0c");
        assertThat(bar.password().matches("Kq7vZ2pX9mLw4Rt8")).isTrue();
        assertThat(bar.password().toString()).doesNotContain("Kq7vZ2pX9mLw4Rt8");
        List<ConfigProblem> problems = problemsOf(MINIMAL + """
                printers:
                  - { id: a, connection: "cloudprnt://00:11:62:0a:0b:0c", model: epson-tm-t20, password: "Kq7vZ2pX9mLw4Rt8" }
                  - { id: b, connection: "cloudprnt://00:11:62:0a:0b:0d", model: star-prnt }
                  - { id: c, connection: "cloudprnt://printer-1", model: star-prnt, password: "Kq7vZ2pX9mLw4Rt8" }
                  - { id: d, connection: "tcp://10.0.0.9:9100", model: star-prnt, password: "Kq7vZ2pX9mLw4Rt8" }
                  - { id: e, connection: "sdp://TM-m30 bar", model: epson-tm-m30, password: "Kq7vZ2pX9mLw4Rt8" }
                  - { id: f, connection: "sdp://bar", model: star-prnt, password: "Kq7vZ2pX9mLw4Rt8" }
                """);
        assertThat(problems)
                .extracting(p -> p.path() + ": " + p.message())
                .contains(
                        "printers[0].connection: cloudprnt:// is for Star printers that poll (star-prnt, star-tsp100), not epson-tm-t20",
                        "printers[1].password: is required",
                        "printers[2].connection: must look like cloudprnt://00:11:62:aa:bb:cc (the printer's MAC address), got 'cloudprnt://printer-1'",
                        "printers[3].password: is only for printers that poll the agent (cloudprnt:// and sdp:// connections)",
                        "printers[4].connection: must look like sdp://<the printer's Server Direct Print ID: 1-30 of A-Z a-z 0-9 _ . ->, got 'sdp://TM-m30 bar'",
                        "printers[5].connection: sdp:// (Server Direct Print) is for Epson printers, not star-prnt");
        DapurConfig sdp = new ConfigLoader(Map.of()).load(write("sdp.yaml", MINIMAL + """
                        printers:
                          - { id: front, connection: "sdp://TM-m30_front", model: epson-tm-m30, password: "Kq7vZ2pX9mLw4Rt8" }
                        """));
        assertThat(sdp.printers().get(0).connection().host()).isEqualTo("TM-m30_front");
        DapurConfig mq = new ConfigLoader(Map.of()).load(write("mq.yaml", MINIMAL + """
                        printers:
                          - { id: bar, connection: "cloudprnt://00:11:62:0a:0b:0c", model: star-tsp100, password: "Kq7vZ2pX9mLw4Rt8", mqtt: true }
                        """));
        assertThat(mq.mqttAccounts())
                .filteredOn(a -> a.role() == Role.PRINTER)
                .singleElement()
                .satisfies(a -> assertThat(a.username()).isEqualTo("bar"))
                .satisfies(a ->
                        assertThat(a.password().matches("Kq7vZ2pX9mLw4Rt8")).isTrue());
        assertThat(problemsOf(MINIMAL + """
                        printers:
                          - { id: bar, connection: "tcp://10.0.0.9:9100", model: star-prnt, mqtt: true }
                        """))
                .extracting(p -> p.path() + ": " + p.message())
                .containsExactly("printers[0].mqtt: is only for CloudPRNT printers (cloudprnt:// connections)");
    }

    @Test
    void contractDeviceSectionsAreAccepted() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of()).load(write("c.yaml", MINIMAL + """
                printers:
                  - { id: kitchen-1, connection: "tcp://192.168.1.50:9100", width: 80, stations: [wok], backup: kitchen-2 }
                  - { id: kitchen-2, connection: "serial:///dev/ttyUSB0?baud=19200&parity=none&databits=8", width: 58 }
                scales:
                  - { id: scale-1, connection: "serial:///dev/ttyUSB1?baud=9600&parity=even&databits=7", protocol: toledo-8217 }
                sensors:
                  - { id: fridge-1, equipment: cold-hold, format: dapur, alertDelay: 10m, maxSilence: 15m }
                  - { id: freezer-1, equipment: freezer, format: tasmota, topic: "tele/freezer1/SENSOR" }
                haccp:
                  jurisdiction: us-food-code
                cloud:
                  url: https://cloud.example.com/api
                """));
        assertThat(c.printers()).hasSize(2);
        assertThat(c.printers().get(1).connection().options()).containsEntry("baud", "19200");
        assertThat(c.scales().get(0).connection().path()).isEqualTo("/dev/ttyUSB1");
        assertThat(c.sensors().get(0).alertDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.cloud()).get().extracting(x -> x.url().getHost()).isEqualTo("cloud.example.com");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() throws Exception {
        List<ConfigProblem> problems = problemsOf("""
                outlet: { id: "JKT 01", tenant: bedagang, colour: red }
                mqtt:
                  embedded: { port: 70000 }
                  accounts:
                    - { username: pos-1, password: short, role: cashier }
                    - { username: kds-x, password: "long-enough", role: kds, station: grill }
                http: { tokens: [ { token: "admin-token-0123456789", role: admin } ] }
                stations:
                  - { id: wok, categories: [wok, rice] }
                  - { id: bar, categories: [rice] }
                  - { id: expo, expo: true, categories: [x] }
                defaultStation: pastry
                printers:
                  - { id: p1, connection: "lpt://x", width: 60, stations: [nowhere], backup: p1 }
                """);
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .contains(
                        "outlet.id",
                        "outlet.colour",
                        "mqtt.embedded.port",
                        "mqtt.accounts[0].password",
                        "mqtt.accounts[0].role",
                        "mqtt.accounts[1].station",
                        "stations[1].categories",
                        "stations[2].categories",
                        "defaultStation",
                        "printers[0].connection",
                        "printers[0].width",
                        "printers[0].stations",
                        "printers[0].backup");
        assertThat(problems)
                .filteredOn(p -> p.path().equals("outlet.colour"))
                .extracting(ConfigProblem::message)
                .containsExactly("unknown key");
    }

    @Test
    void printerModelsAndThePrintingSectionAreChecked() throws Exception {
        List<ConfigProblem> problems = problemsOf(MINIMAL + """
                printers:
                  - { id: p1, connection: "tcp://10.0.0.5:9100", model: epson-tm-t1000, failoverAfter: 2d }
                printing:
                  language: fr
                  fallbackPrinter: p9
                  receiptPrinter: p8
                  qrUrl: "ftp://x y"
                  logo: /no/such/logo.png
                  header: ["Warung \\u0007 Bell"]
                """);
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder(
                        "printers[0].model",
                        "printers[0].failoverAfter",
                        "printing.language",
                        "printing.fallbackPrinter",
                        "printing.receiptPrinter",
                        "printing.qrUrl",
                        "printing.logo",
                        "printing.header[0]");
        assertThat(problems)
                .filteredOn(p -> p.path().equals("printers[0].model"))
                .extracting(ConfigProblem::message)
                .containsExactly(
                        "unknown printer model 'epson-tm-t1000' (known: generic, epson-tm-t20, epson-tm-t88, epson-tm-m30, xprinter, epson-tm-u220, star-prnt, star-tsp100)");
    }

    @Test
    void printingDefaults() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of()).load(write("ok.yaml", MINIMAL + """
                kitchen: { language: id }
                printers:
                  - { id: p1, connection: "tcp://10.0.0.5:9100" }
                  - { id: p2, connection: "tcp://10.0.0.6:9100", model: epson-tm-m30, width: 58 }
                """));
        assertThat(c.printing().language()).isEqualTo("id");
        assertThat(c.fallbackPrinter()).map(DevicesConfig.PrinterConfig::id).hasValue("p1");
        assertThat(c.printing().currency()).isEqualTo("Rp");
        assertThat(c.printers().get(0).failoverAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.printers().get(0).model()).isEqualTo("generic");
    }

    @Test
    void secretsAreNeverEchoedInProblems() throws Exception {
        List<ConfigProblem> problems =
                problemsOf(MINIMAL.replace("pos-secret-1", "hunter2").replace("admin-token-0123456789", "tok-SHORT"));
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .contains("mqtt.accounts[0].password", "http.tokens[0].token");
        assertThat(problems.toString()).doesNotContain("hunter2").doesNotContain("tok-SHORT");
    }

    @Test
    void tenantDefaultsMergeUnderOutletAndOutletWins() throws Exception {
        write("partner.yaml", """
                outlet: { tenant: partner-x }
                http: { port: 9000, maxBodyBytes: 65536 }
                kitchen: { recallWindow: 20m }
                """);
        write("tenant.yaml", """
                defaults: partner.yaml
                outlet: { tenant: bedagang }
                http: { port: 9090 }
                """);
        DapurConfig c = new ConfigLoader(Map.of())
                .load(write("outlet.yaml", "defaults: [tenant.yaml]\n" + MINIMAL.replace("port: 8080", "port: 8081")));
        assertThat(c.outlet().tenant()).isEqualTo("bedagang"); // outlet's own value
        assertThat(c.http().port()).isEqualTo(8081); // outlet wins over tenant and partner
        assertThat(c.http().maxBodyBytes()).isEqualTo(65536); // inherited from the partner
        assertThat(c.kitchen().recallWindow()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void secretsComeFromTheEnvironment() throws Exception {
        String yaml = MINIMAL.replace("\"pos-secret-1\"", "\"${POS1_PASSWORD}\"");
        DapurConfig c = new ConfigLoader(Map.of(
                        "POS1_PASSWORD",
                        "from-env-123",
                        "DAPUR_HTTP_TOKENS_0_TOKEN",
                        "overridden-admin-token",
                        "DAPUR_HTTP_PORT",
                        "8181"))
                .load(write("c.yaml", yaml));
        assertThat(c.mqtt().accounts().get(0).password().reveal()).isEqualTo("from-env-123");
        assertThat(c.http().tokens().get(0).token().reveal()).isEqualTo("overridden-admin-token");
        assertThat(c.http().port()).isEqualTo(8181);
        assertThat(c.http().tokens().get(0).token().toString()).isEqualTo("****");
    }

    @Test
    void missingEnvironmentVariableIsAProblem() throws Exception {
        assertThat(problemsOf(MINIMAL.replace("\"pos-secret-1\"", "\"${NOT_SET_ANYWHERE}\"")))
                .extracting(ConfigProblem::toString)
                .contains("mqtt.accounts[0].password: environment variable NOT_SET_ANYWHERE is not set");
    }

    @Test
    void syntaxErrorsAndDuplicateKeysNameTheLine() throws Exception {
        assertThat(problemsOf("outlet: { id: a\nstations: ["))
                .singleElement()
                .extracting(ConfigProblem::message)
                .asString()
                .contains("invalid YAML")
                .contains("line");
        assertThat(problemsOf(MINIMAL + "defaultStation: bar\n"))
                .singleElement()
                .extracting(ConfigProblem::message)
                .asString()
                .contains("Duplicate field 'defaultStation'");
    }

    @Test
    void externalBrokerNeedsAgentCredentialsAndNotBothModes() throws Exception {
        List<ConfigProblem> problems = problemsOf(
                MINIMAL.replace("embedded: { port: 1883 }", "embedded: { port: 1883 }\n  url: tcp://broker:1883"));
        assertThat(problems)
                .extracting(ConfigProblem::message)
                .contains(
                        "set either embedded or url, not both",
                        "an external broker needs username and password for the agent (no anonymous MQTT)");
    }

    @Test
    void cyclicDefaultsAreRefused() throws Exception {
        write("a.yaml", "defaults: b.yaml\n");
        write("b.yaml", "defaults: a.yaml\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(write("c.yaml", "defaults: a.yaml\n" + MINIMAL)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cycle");
    }

    @Test
    void envNamesFollowThePath() {
        assertThat(ConfigLoader.envName("mqtt.accounts[0].password")).isEqualTo("DAPUR_MQTT_ACCOUNTS_0_PASSWORD");
        assertThat(ConfigLoader.envName("http.maxBodyBytes")).isEqualTo("DAPUR_HTTP_MAX_BODY_BYTES");
    }

    @Test
    void kitchenScreensTakeLanguageColoursAndKeysPerStation() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of())
                .load(
                        write(
                                "c.yaml",
                                MINIMAL.replace(
                                                "  - { id: bar, name: Drinks, categories: [drinks] }",
                                                "  - { id: bar, name: Drinks, categories: [drinks], amberAfter: 2m, redAfter: 4m, keys: { bump: \" \", recall: F2 } }")
                                        + "kitchen: { language: id, amberAfter: 6m, redAfter: 10m, printWhenScreensDownAfter: 90s }\n"));
        assertThat(c.kitchen().language()).isEqualTo("id");
        assertThat(c.kitchen().printWhenScreensDownAfter()).isEqualTo(Duration.ofSeconds(90));
        StationConfig wok = c.station("wok").orElseThrow();
        StationConfig bar = c.station("bar").orElseThrow();
        assertThat(c.amberAfter(wok)).isEqualTo(Duration.ofMinutes(6));
        assertThat(c.redAfter(bar)).isEqualTo(Duration.ofMinutes(4));
        assertThat(bar.keys().byCommand())
                .containsEntry("bump", " ")
                .containsEntry("recall", "F2")
                .containsEntry("undo", "u");
        assertThat(wok.keys().byCommand()).isEqualTo(ScreenKeys.DEFAULTS);
    }

    @Test
    void badScreenSettingsAreReportedWithTheirPath() throws Exception {
        List<ConfigProblem> problems = problemsOf(MINIMAL.replace(
                        "  - { id: bar, name: Drinks, categories: [drinks] }",
                        "  - { id: bar, name: Drinks, categories: [drinks], redAfter: 1m, keys: { bump: r, undo: \"5\", zoom: z } }")
                + "kitchen: { language: fr }\n");
        assertThat(problems)
                .extracting(ConfigProblem::toString)
                .contains(
                        "kitchen.language: must be one of en, id (English, Bahasa Indonesia)",
                        "stations[1].redAfter: must be later than amberAfter (5m)",
                        "stations[1].keys.undo: must be a key name as the browser reports it (Enter, ArrowLeft, r, F5), not a digit",
                        "stations[1].keys.recall: key 'r' is already used for bump",
                        "stations[1].keys.zoom: unknown key");
    }

    @Test
    void sensorFirmwareSettingsAreFlattenedAndChecked() throws Exception {
        DapurConfig c = new ConfigLoader(Map.of()).load(write("fw.yaml", MINIMAL + """
                sensors:
                  - id: fridge-s
                    equipment: cold-hold
                    format: shelly-gen2
                    topic: shellyplus1-a8032abe54dc/events/rpc
                    firmware:
                      checkEvery: 5m
                      settings: { "Temperature:100": { report_thr_C: 0.5 }, Sys: { sntp: { server: pool.ntp.org } } }
                update:
                  trustedKeys: [ "MCowBQYDK2VwAyEA39iwkXhPmcj8WNxm8HSIEkmufm6s5wp46B+bnukbiRY=" ]
                """));
        SensorConfig.Firmware f = c.sensors().get(0).firmware();
        assertThat(f.settings().keySet()).containsExactly("Temperature:100.report_thr_C", "Sys.sntp.server");
        assertThat(f.checkEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.update().trustedKeys()).hasSize(1);

        List<ConfigProblem> problems = problemsOf(MINIMAL + """
                sensors:
                  - { id: a, equipment: cold-hold, format: esphome, topic: kitchen/sensor/t/state, firmware: { settings: { x: 1 } } }
                  - { id: b, equipment: cold-hold, format: tasmota, topic: tele/b/SENSOR, firmware: { settings: { Restart: 1, TelePeriod: [1] } } }
                  - { id: c, equipment: cold-hold, format: tasmota, topic: custom/c/tele/SENSOR, firmware: { settings: { TelePeriod: 60 } } }
                update:
                  trustedKeys: [ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" ]
                """);
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .contains(
                        "sensors[0].firmware",
                        "sensors[1].firmware.settings.Restart",
                        "sensors[1].firmware.settings.TelePeriod",
                        "sensors[2].firmware",
                        "update.trustedKeys[0]");
    }

    @Test
    void theCloudDefaultsToolsUseAreTheOnesAConfigurationGets() throws Exception {
        CloudConfig read = new ConfigLoader(Map.of())
                .load(write("cloud.yaml", MINIMAL + "cloud: { url: \"http://127.0.0.1:9/api\" }\n"))
                .cloud()
                .orElseThrow();
        assertThat(CloudConfig.defaults(URI.create("http://127.0.0.1:9/api"), null))
                .isEqualTo(read);
        assertThatThrownBy(() -> CloudConfig.parseUrl("http://192.168.1.9/api"))
                .hasMessageContaining("plain http:// only to this machine");
    }
}
