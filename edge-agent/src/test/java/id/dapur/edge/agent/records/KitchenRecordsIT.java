package id.dapur.edge.agent.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dapur.edge.agent.testsupport.HostedAgent;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.config.PinHash;
import id.dapur.edge.devices.serial.SerialSettings;
import id.dapur.edge.devices.sim.PtyPair;
import id.dapur.edge.devices.sim.SimulatedScale;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kitchen records end to end (the contract) on a real agent, H2 file, simulated serial scale on a
 * socat pseudo-terminal and the fake cloud: cooks sign in with a PIN (wrong PINs refused, audited and
 * locked out), their bumps and waste record who made them, waste is weighed (an unstable, overloaded
 * or offline scale gives its code and logs nothing), is idempotent, costed, reported as CSV and PDF and
 * streamed to the cloud; the analytics and dashboard read it back; configuration applied is audited.
 */
class KitchenRecordsIT {
    static final String CODE = "PROV-RECORDS-12";
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    static String yaml(Path scaleHost, Path dir) {
        return """
                staff:
                  - { id: ani, name: Ani, pinHash: "%s" }
                  - { id: budi, name: Budi, pinHash: "%s" }
                  - { id: cici, name: Cici, pinHash: "%s", active: false }
                sensors:
                  - { id: fridge-1, name: Fridge 1, equipment: cold-hold, alertDelay: 0s, maxSilence: 1h }
                menu:
                  items:
                    - { sku: NG-01, name: Nasi Goreng, costPerKg: 40000 }
                    - { sku: ET-01, name: Es Teh Manis, unitCost: 3000 }
                scales:
                  - { id: scale-1, connection: "serial://%s?baud=9600&parity=none&databits=8", protocol: mt-sics }
                  - { id: scale-9, connection: "serial://%s/unplugged?baud=9600", protocol: mt-sics }
                """.formatted(
                PinHash.of("1234", 10_000), PinHash.of("5678", 10_000), PinHash.of("1111", 10_000), scaleHost, dir);
    }

    @Test
    void staffWasteAnalyticsAndTheirAuditEntries() throws Exception {
        PtyPair pty = PtyPair.create(dir, "scale");
        open.add(pty);
        SimulatedScale scale = new SimulatedScale(
                "mt-sics", "kg", new SerialSettings(pty.device().toString(), 9600, 8, "1", "none", "none"));
        open.add(scale);
        // the staff and their PIN hashes come from the back office's configuration, the rest from the file
        String local = yaml(dir.resolve("scale-host"), dir);
        String staffYaml = local.substring(0, local.indexOf("menu:"));
        JsonNode staff = new ObjectMapper(new YAMLFactory()).readTree(staffYaml);
        FakeCloud cloud = FakeCloud.start().provisioningCode(CODE).config(TestConfig.OUTLET, "v-staff", null, staff);
        open.add(cloud);
        TestConfig cfg = TestConfig.embedded(dir);
        // hosted, as the CLI runs it: a configuration from the cloud restarts the agent's services on it
        HostedAgent agent = HostedAgent.start(
                cfg.write(local.substring(local.indexOf("menu:")) + TestConfig.cloudYaml(cloud.url(), CODE)));
        open.add(agent);
        agent.awaitReady();
        Http admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
        await().atMost(WAIT).until(() -> agent.host().reloads() == 1);
        agent.awaitReady();
        await().atMost(WAIT)
                .until(() -> "v-staff"
                        .equals(admin.get("/api/v1/cloud")
                                .json()
                                .path("configVersion")
                                .asText()));
        Http wok = new Http(cfg.http(), TestConfig.WOK_TOKEN);
        Http bar = new Http(cfg.http(), TestConfig.BAR_TOKEN);
        Http pos = new Http(cfg.http(), TestConfig.POS_TOKEN);

        // --- staff: refusals are clear, audited, and lock out; then a good sign-in ---
        assertThat(wok.post("/api/v1/stations/wok/staff", "{\"staffId\": \"ani\", \"pin\": \"9999\"}")
                        .errorCode())
                .isEqualTo("WRONG_PIN");
        assertThat(wok.post("/api/v1/stations/wok/staff", "{\"staffId\": \"ani\", \"pin\": \"9999\"}")
                        .status())
                .isEqualTo(401);
        assertThat(wok.post("/api/v1/stations/wok/staff", "{\"staffId\": \"cici\", \"pin\": \"1111\"}")
                        .errorCode())
                .as("an inactive cook is refused like a wrong PIN")
                .isEqualTo("WRONG_PIN");
        assertThat(wok.post("/api/v1/stations/bar/staff", "{\"staffId\": \"ani\", \"pin\": \"1234\"}")
                        .status())
                .as("a wok screen signs in at the wok only")
                .isEqualTo(403);
        assertThat(wok.post("/api/v1/stations/wok/staff", "{\"staffId\": \"ani\", \"pin\": \"1234\"}")
                        .status())
                .isEqualTo(201);
        assertThat(wok.get("/api/v1/stations/wok/staff").json().path("staffId").asText())
                .isEqualTo("ani");
        for (int i = 0; i < 5; i++) {
            assertThat(bar.post("/api/v1/stations/bar/staff", "{\"staffId\": \"budi\", \"pin\": \"0000\"}")
                            .errorCode())
                    .isEqualTo("WRONG_PIN");
        }
        Http.Response locked = bar.post("/api/v1/stations/bar/staff", "{\"staffId\": \"budi\", \"pin\": \"5678\"}");
        assertThat(locked.status())
                .as("five wrong PINs lock the id, even for the right one")
                .isEqualTo(429);
        assertThat(locked.errorCode()).isEqualTo("STAFF_LOCKED");

        // --- a bump at the wok records ani; the bar's (nobody signed in) records nobody ---
        assertThat(pos.post("/api/v1/orders", Orders.json("REC-1")).status()).isEqualTo(201);
        for (String a : List.of("START", "BUMP")) {
            assertThat(wok.post(
                                    "/api/v1/tickets/REC-1/wok/actions",
                                    "{\"actionId\": \"rec-w-" + a + "\", \"action\": \"" + a + "\"}")
                            .status())
                    .isEqualTo(200);
            assertThat(bar.post(
                                    "/api/v1/tickets/REC-1/bar/actions",
                                    "{\"actionId\": \"rec-b-" + a + "\", \"action\": \"" + a + "\"}")
                            .status())
                    .isEqualTo(200);
        }

        // --- a food-safety alert acknowledged at the wok's screen is ani's ---
        try (MqttProbe sensor = MqttProbe.connect(cfg.mqttUrl(), "sensor-1", TestConfig.PASSWORD)) {
            sensor.publish(TestConfig.ROOT + "/sensors/fridge-1", "{\"temperature\": 12.5, \"unit\": \"C\"}");
        }
        await().atMost(WAIT)
                .until(() -> admin.get("/api/v1/alerts").json().path("alerts").size() == 1);
        String alertId =
                admin.get("/api/v1/alerts").json().at("/alerts/0/alertId").asText();
        assertThat(wok.post(
                                "/api/v1/alerts/" + alertId + "/ack",
                                "{\"by\": \"wok screen\", \"correctiveAction\": \"door shut\"}")
                        .status())
                .isEqualTo(200);
        assertThat(wok.post(
                                "/api/v1/alerts/" + alertId + "/ack",
                                "{\"by\": \"wok screen\", \"correctiveAction\": \"door shut\"}")
                        .status())
                .as("the same acknowledgement again is fine")
                .isEqualTo(200);

        // --- waste: weighed, typed, counted; the scale's refusals log nothing ---
        scale.weigh(250);
        await().atMost(WAIT)
                .until(() -> pos.get("/api/v1/scales/scale-1/weight")
                                .json()
                                .path("grams")
                                .asDouble()
                        == 250.0);
        Http.Response w1 = wok.post(
                "/api/v1/waste",
                "{\"wasteId\": \"w-1\", \"sku\": \"NG-01\", \"reason\": \"OVERCOOKED\", \"scale\": \"scale-1\"}");
        assertThat(w1.status()).isEqualTo(201);
        assertThat(w1.json().path("grams").asDouble()).isEqualTo(250.0);
        assertThat(w1.json().path("name").asText())
                .as("the menu's name when none is sent")
                .isEqualTo("Nasi Goreng");
        assertThat(w1.json().path("staffId").asText())
                .as("the cook signed in at the screen's station")
                .isEqualTo("ani");
        assertThat(w1.json().path("cost").asDouble()).isEqualTo(10000.0);
        scale.weigh(400);
        Http.Response again = wok.post(
                "/api/v1/waste",
                "{\"wasteId\": \"w-1\", \"sku\": \"NG-01\", \"reason\": \"OVERCOOKED\", \"scale\": \"scale-1\"}");
        assertThat(again.status())
                .as("a retry answers the stored entry and does not weigh again")
                .isEqualTo(200);
        assertThat(again.json().path("grams").asDouble()).isEqualTo(250.0);
        assertThat(wok.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-1\", \"sku\": \"NG-01\", \"reason\": \"DROPPED\", \"scale\": \"scale-1\"}")
                        .errorCode())
                .isEqualTo("WASTE_CONFLICT");
        scale.motion(true);
        await().atMost(WAIT)
                .until(() -> "SCALE_UNSTABLE"
                        .equals(pos.get("/api/v1/scales/scale-1/weight?wait=0").errorCode()));
        Http.Response unstable = wok.post(
                "/api/v1/waste",
                "{\"wasteId\": \"w-2\", \"sku\": \"NG-01\", \"reason\": \"SPOILED\", \"scale\": \"scale-1\"}");
        assertThat(unstable.status()).isEqualTo(409);
        assertThat(unstable.errorCode()).isEqualTo("SCALE_UNSTABLE");
        scale.motion(false).overload(true);
        await().atMost(WAIT)
                .until(() -> "SCALE_OVERLOAD"
                        .equals(pos.get("/api/v1/scales/scale-1/weight?wait=0").errorCode()));
        assertThat(wok.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-2\", \"sku\": \"NG-01\", \"reason\": \"SPOILED\", \"scale\": \"scale-1\"}")
                        .errorCode())
                .isEqualTo("SCALE_OVERLOAD");
        Http.Response offline = wok.post(
                "/api/v1/waste",
                "{\"wasteId\": \"w-2\", \"sku\": \"NG-01\", \"reason\": \"SPOILED\", \"scale\": \"scale-9\"}");
        assertThat(offline.status())
                .as("the contract: 409 with the scale's code, offline too")
                .isEqualTo(409);
        assertThat(offline.errorCode()).isEqualTo("SCALE_OFFLINE");
        scale.overload(false);
        assertThat(bar.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-3\", \"sku\": \"ET-01\", \"reason\": \"DROPPED\", \"qty\": 2, \"staffId\": \"budi\"}")
                        .json()
                        .path("cost")
                        .asDouble())
                .isEqualTo(6000.0);
        assertThat(admin.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-4\", \"name\": \"=HYPERLINK(\\\"x\\\")\", \"reason\": \"SPOILED\", \"grams\": 1200.5}")
                        .status())
                .as("free text, typed grams, no cost")
                .isEqualTo(201);
        // bad input: clear code, nothing stored
        assertThat(wok.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-5\", \"sku\": \"NG-01\", \"reason\": \"LOST\", \"qty\": 1}")
                        .errorCode())
                .isEqualTo("INVALID_WASTE");
        assertThat(wok.post("/api/v1/waste", "{\"wasteId\": \"w-5\", \"sku\": \"NG-01\", \"reason\": \"SPOILED\"}")
                        .errorCode())
                .isEqualTo("INVALID_WASTE");
        assertThat(wok.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-5\", \"sku\": \"XX-99\", \"reason\": \"SPOILED\", \"qty\": 1}")
                        .errorCode())
                .isEqualTo("UNKNOWN_SKU");
        assertThat(wok.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-5\", \"name\": \"x\", \"reason\": \"SPOILED\", \"qty\": 1, \"staffId\": \"zed\"}")
                        .errorCode())
                .isEqualTo("UNKNOWN_STAFF");
        assertThat(wok.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-5\", \"name\": \"x\", \"reason\": \"SPOILED\", \"qty\": -1}")
                        .status())
                .isEqualTo(422);
        assertThat(pos.post(
                                "/api/v1/waste",
                                "{\"wasteId\": \"w-5\", \"name\": \"x\", \"reason\": \"SPOILED\", \"qty\": 1}")
                        .status())
                .as("a POS may not log waste")
                .isEqualTo(403);

        JsonNode listed = wok.get("/api/v1/waste").json();
        assertThat(listed.path("entries"))
                .extracting(e -> e.path("wasteId").asText())
                .containsExactly("w-1", "w-3", "w-4");
        assertThat(listed.path("totals"))
                .extracting(t -> t.path("name").asText() + "/"
                        + t.path("reason").asText() + "/" + t.path("grams").asDouble() + "/"
                        + t.path("qty").asLong())
                .containsExactly(
                        "=HYPERLINK(\"x\")/SPOILED/1200.5/0",
                        "Es Teh Manis/DROPPED/0.0/2",
                        "Nasi Goreng/OVERCOOKED/250.0/0");
        String csv = admin.get("/api/v1/waste/report?format=csv").body();
        assertThat(csv)
                .contains("entry,w-1,Nasi Goreng,OVERCOOKED")
                .contains("reason,DROPPED,,DROPPED,,0.00,2,6000.00")
                .contains("'=HYPERLINK")
                .doesNotContain(",=HYPERLINK");
        byte[] pdf = admin.getBytes("/api/v1/waste/report?format=pdf&day=" + LocalDate.now());
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(wok.get("/api/v1/waste/report").status())
                .as("the report is the manager's")
                .isEqualTo(403);

        // --- sign out; analytics and the dashboard read the day back ---
        assertThat(wok.delete("/api/v1/stations/wok/staff")
                        .json()
                        .path("signedOut")
                        .asText())
                .isEqualTo("ani");
        assertThat(wok.get("/api/v1/stations/wok/staff").json().has("staffId")).isFalse();
        JsonNode a = admin.get("/api/v1/analytics/tickets").json();
        assertThat(a.path("stations"))
                .extracting(s -> s.path("station").asText())
                .contains("wok", "bar");
        assertThat(a.path("staff"))
                .extracting(
                        s -> s.path("staffId").asText() + "/" + s.path("bumps").asLong())
                .containsExactly("ani/1");
        assertThat(admin.get("/api/v1/analytics/tickets?from=2026-13-01").errorCode())
                .isEqualTo("INVALID_QUERY");
        assertThat(wok.get("/api/v1/analytics/tickets").status()).isEqualTo(403);
        JsonNode dash = admin.get("/api/v1/dashboard").json();
        assertThat(dash.path("orders").asLong()).isEqualTo(1);
        assertThat(dash.path("waste")).hasSize(3);
        assertThat(dash.path("foodSafetyAlerts"))
                .as("the fridge is still warm: acknowledged, not cleared")
                .hasSize(1);

        // --- the audit trail holds each of these, with who ---
        List<JsonNode> entries = new ArrayList<>();
        admin.get("/api/v1/audit?limit=1000").json().path("entries").forEach(entries::add);
        assertThat(entries)
                .extracting(
                        e -> e.path("action").asText() + "/" + e.path("actor").asText())
                .contains(
                        "STAFF_SIGN_IN/staff:ani",
                        "TICKET_BUMP/staff:ani",
                        "WASTE_LOGGED/staff:ani",
                        "WASTE_LOGGED/staff:budi",
                        "STAFF_SIGN_OUT/http:kds-wok");
        assertThat(entries.stream().filter(e -> e.path("action").asText().equals("CONFIG_APPLIED")))
                .as("the file's configuration, then the cloud's with the staff")
                .extracting(e -> e.path("actor").asText())
                .containsExactly("local-file", "cloud");
        assertThat(entries.stream()
                        .filter(e -> e.path("action").asText().equals("STAFF_SIGN_IN_REFUSED"))
                        .count())
                .as("each refusal (ani twice, cici, budi five times until locked), not the locked attempt")
                .isEqualTo(2 + 1 + 5);
        assertThat(entries.stream()
                        .filter(e -> e.path("action").asText().equals("TICKET_BUMP")
                                && e.path("subject").asText().equals("REC-1/bar"))
                        .findFirst()
                        .orElseThrow()
                        .path("actor")
                        .asText())
                .startsWith("http:");
        assertThat(entries.stream()
                        .filter(e -> e.path("action").asText().equals("WASTE_LOGGED"))
                        .count())
                .as("a retry is not a new entry")
                .isEqualTo(3);
        JsonNode ack = entries.stream()
                .filter(e -> e.path("action").asText().equals("ALERT_ACKNOWLEDGED"))
                .findFirst()
                .orElseThrow();
        assertThat(ack.path("actor").asText()).isEqualTo("staff:ani");
        assertThat(ack.at("/details/via").asText()).isEqualTo("wok screen");
        assertThat(admin.get("/api/v1/audit/verify").json().path("ok").asBoolean())
                .isTrue();
        await().atMost(WAIT).until(() -> cloud.events("waste").size() == 3);
        assertThat(cloud.events("waste"))
                .extracting(e -> e.payload().path("wasteId").asText())
                .containsExactly("w-1", "w-3", "w-4");
    }
}
