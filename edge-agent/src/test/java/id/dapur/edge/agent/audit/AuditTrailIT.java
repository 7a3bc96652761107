package id.dapur.edge.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The audit trail against a real agent and H2 file: people's changes become chained
 * entries written with the change, the chain verifies and reaches the cloud, and a history edited in
 * the H2 file behind the agent's back is reported, by {@code verify} locally and by the cloud.
 */
class AuditTrailIT {
    static final String CODE = "PROV-AUDIT-1234";

    static List<JsonNode> entries(Http admin) {
        List<JsonNode> out = new ArrayList<>();
        admin.get("/api/v1/audit?limit=1000").json().path("entries").forEach(out::add);
        return out;
    }

    static void edit(Path dataDir, String sql, Object... args) throws Exception {
        try (Database db = Database.open(dataDir, false);
                Connection c = id.dapur.edge.agent.storage.Unjournaled.connection(db);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    static String[] row(Path dataDir, long seq) throws Exception {
        try (Database db = Database.open(dataDir, false);
                Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT at, actor, action, subject, details, prev_hash FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new String[] {
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)
                };
            }
        }
    }

    @Test
    void changesAreChainedEntriesThatVerifyAndAHistoryRewrittenInTheFileIsReported() throws Exception {
        try (FakeCloud cloud = FakeCloud.start().provisioningCode(CODE)) {
            TestConfig cfg = TestConfig.embedded(Files.createTempDirectory("dapur-audit"));
            Path data = cfg.dir().resolve("data");
            String yaml = TestConfig.cloudYaml(cloud.url(), CODE);
            Http admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
            Http wok = new Http(cfg.http(), TestConfig.WOK_TOKEN);
            try (RunningAgent agent = RunningAgent.start(cfg.load(yaml)).awaitReady()) {
                Http pos = new Http(cfg.http(), TestConfig.POS_TOKEN);
                assertThat(pos.post("/api/v1/orders", Orders.json("AUD-1")).status())
                        .isEqualTo(201);
                assertThat(wok.post(
                                        "/api/v1/tickets/AUD-1/wok/actions",
                                        "{\"actionId\": \"aud-s\", \"action\": \"START\"}")
                                .status())
                        .isEqualTo(200);
                assertThat(wok.post(
                                        "/api/v1/tickets/AUD-1/wok/actions",
                                        "{\"actionId\": \"aud-s\", \"action\": \"START\"}")
                                .status())
                        .as("a repeat changes nothing, and is not a new entry")
                        .isEqualTo(200);
                assertThat(wok.post(
                                        "/api/v1/menu/availability",
                                        "{\"sku\": \"NG-01\", \"available\": false, \"reason\": \"habis\"}")
                                .status())
                        .isEqualTo(200);
                assertThat(wok.post(
                                        "/api/v1/tickets/AUD-1/bar/actions",
                                        "{\"actionId\": \"aud-x\", \"action\": \"START\"}")
                                .status())
                        .as("refused: another station's ticket")
                        .isEqualTo(403);
                assertThat(pos.post(
                                        "/api/v1/orders/AUD-1/void",
                                        "{\"lineIds\": [\"2\"], \"reason\": \"guest changed mind\"}")
                                .status())
                        .isEqualTo(200);

                List<JsonNode> e = entries(admin);
                // the first entry: the configuration the agent started on (configuration applied)
                assertThat(e)
                        .extracting(x -> x.path("action").asText())
                        .containsExactly("CONFIG_APPLIED", "TICKET_START", "MENU_UNAVAILABLE", "ORDER_VOID");
                assertThat(e.get(1).path("subject").asText()).isEqualTo("AUD-1/wok");
                assertThat(e.get(1).path("actor").asText()).contains("kds-wok");
                assertThat(e.get(2).at("/details/reason").asText()).isEqualTo("habis");
                assertThat(e.get(0).path("prevHash").asText()).isEqualTo(H2AuditTrail.GENESIS);
                assertThat(e.get(2).path("prevHash").asText())
                        .isEqualTo(e.get(1).path("hash").asText());
                JsonNode ok = admin.get("/api/v1/audit/verify").json();
                assertThat(ok.path("ok").asBoolean()).isTrue();
                assertThat(ok.path("entries").asLong()).isEqualTo(4);
                assertThat(ok.path("head").asText())
                        .isEqualTo(e.get(3).path("hash").asText());
                assertThat(wok.get("/api/v1/audit").status()).as("admin only").isEqualTo(403);

                // the cloud has every entry, chained, and holds the same head
                Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> e.get(3).path("hash").asText().equals(cloud.auditHead()));
                assertThat(cloud.events("audit")).hasSize(4);
                assertThat(cloud.auditBreaks()).isZero();
            }

            // someone edits an old entry in the file: verify names it (a restart on the same configuration adds no
            // entry)
            String original = row(data, 3)[4];
            edit(data, "UPDATE audit_log SET details = ? WHERE seq = 3", "{\"reason\":\"sudah ada\"}");
            try (RunningAgent agent = RunningAgent.start(cfg.load(yaml)).awaitReady()) {
                JsonNode bad = admin.get("/api/v1/audit/verify").json();
                assertThat(bad.path("ok").asBoolean()).isFalse();
                assertThat(bad.path("firstBadSeq").asLong()).isEqualTo(3);
                assertThat(bad.path("reason").asText()).contains("hash");
            }

            // a careful forger rewrites the head with a matching hash: the chain holds locally, but the next
            // entry continues a head the cloud never saw, and the cloud says so
            edit(data, "UPDATE audit_log SET details = ? WHERE seq = 3", original);
            String[] head = row(data, 4);
            JsonNode forged = Json.tree("{\"lineIds\":[],\"orderStatus\":\"ACCEPTED\",\"reason\":\"never voided\"}");
            String forgedHash = H2AuditTrail.hash(
                    head[5], H2AuditTrail.body(4, head[0], head[1], head[2], head[3], forged, head[5]));
            edit(
                    data,
                    "UPDATE audit_log SET details = ?, hash = ? WHERE seq = 4",
                    H2AuditTrail.canonical(forged),
                    forgedHash);
            try (RunningAgent agent = RunningAgent.start(cfg.load(yaml)).awaitReady()) {
                assertThat(admin.get("/api/v1/audit/verify").json().path("ok").asBoolean())
                        .as("consistent locally")
                        .isTrue();
                assertThat(wok.post("/api/v1/menu/availability", "{\"sku\": \"NG-01\", \"available\": true}")
                                .status())
                        .isEqualTo(200);
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> cloud.auditBreaks() == 1);
            }
        }
    }

    @Test
    void failedLoginsLockOutsAndRemoteCommandsAreEntriesToo() throws Exception {
        try (FakeCloud cloud = FakeCloud.start().provisioningCode(CODE)) {
            TestConfig cfg = TestConfig.embedded(Files.createTempDirectory("dapur-audit2"));
            try (RunningAgent agent = RunningAgent.start(cfg.load(TestConfig.cloudYaml(cloud.url(), CODE)))
                    .awaitReady()) {
                Http admin = new Http(cfg.http(), TestConfig.ADMIN_TOKEN);
                Awaitility.await("registered")
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> "REGISTERED"
                                .equals(admin.get("/api/v1/cloud")
                                        .json()
                                        .path("registration")
                                        .asText()));
                cloud.command(TestConfig.OUTLET, Map.of("commandId", "cmd-audit-1", "type", "format-disk"));
                Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> entries(admin).stream()
                                .anyMatch(x -> x.path("action").asText().equals("COMMAND")));
                Http wrong = new Http(cfg.http(), "not-a-token-of-this-outlet");
                for (int i = 0; i < 10; i++) {
                    assertThat(wrong.get("/api/v1/stations/wok/tickets").status())
                            .isEqualTo(401);
                }
                assertThat(wrong.get("/api/v1/stations/wok/tickets").status())
                        .as("locked out")
                        .isEqualTo(429);
                // this address is locked out now, the admin's calls too: the trail is read from the file below
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> cloud.events("audit").stream()
                                .anyMatch(
                                        e -> e.payload().path("action").asText().equals("LOGIN_LOCKOUT")));
            }
            Path data = cfg.dir().resolve("data");
            List<String> actions = new ArrayList<>();
            try (Database db = Database.open(data, false);
                    Connection c = db.connection()) {
                H2AuditTrail.page(c, 0, 1000)
                        .forEach(x -> actions.add(x.action() + " " + x.subject() + " " + x.actor()));
                assertThat(H2AuditTrail.verify(c).get("ok")).isEqualTo(true);
            }
            assertThat(actions.stream()
                            .filter(a -> a.startsWith("LOGIN_FAILED http"))
                            .count())
                    .isEqualTo(10);
            assertThat(actions).anyMatch(a -> a.startsWith("LOGIN_LOCKOUT http address:"));
            assertThat(actions).anyMatch(a -> a.equals("COMMAND cmd-audit-1 cloud"));
        }
    }
}
