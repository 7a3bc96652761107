package id.dapur.edge.agent.security;

import static id.dapur.edge.agent.testsupport.TestConfig.PASSWORD;
import static id.dapur.edge.agent.testsupport.TestConfig.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Findings 9 and 10 of the hostile-LAN review: what an order may carry, and how the agent's files are kept. */
@Timeout(60)
class InputHardeningIT {
    @TempDir
    Path dir;

    private TestConfig config;
    private RunningAgent agent;
    private Http pos;
    private MqttProbe watcher;

    @BeforeEach
    void start() throws Exception {
        config = TestConfig.embedded(dir);
        agent = RunningAgent.start(config.load()).awaitReady();
        pos = new Http(config.http(), TestConfig.POS_TOKEN);
        watcher = MqttProbe.connect(config.mqttUrl(), "ops", PASSWORD)
                .subscribe(ROOT + "/orders/+/events", ROOT + "/deadletter");
    }

    @AfterEach
    void stop() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private static String withItemField(String orderId, String field) {
        return Orders.json(orderId).replaceFirst("\"lineId\"", field + ", \"lineId\"");
    }

    @Test
    void aNumberOutOfRangeIsRefusedWithACodeOverHttpAndMqtt() throws Exception {
        Http.Response r = pos.post("/api/v1/orders", withItemField("HUGE-1", "\"price\": 1e309"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorCode()).isEqualTo("INVALID_ORDER");
        assertThat(r.body()).contains("price");

        try (MqttProbe till = MqttProbe.connect(config.mqttUrl(), "pos-1", PASSWORD)) {
            till.publish(ROOT + "/orders/in", withItemField("HUGE-2", "\"price\": 1e309"));
            JsonNode rejected = watcher.await(
                    ROOT + "/orders/HUGE-2/events",
                    e -> e.path("event").asText().equals("REJECTED"));
            assertThat(rejected.path("code").asText()).isEqualTo("INVALID_ORDER");
        }
        watcher.await(
                ROOT + "/deadletter", d -> d.path("payloadExcerpt").asText().contains("HUGE-2"));
    }

    @Test
    void duplicateKeysAndTrailingDataAreRefused() {
        String dup = Orders.json("DUP-1").replaceFirst("\\{", "{\"orderId\": \"DUP-X\", ");
        Http.Response a = pos.post("/api/v1/orders", dup);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorCode()).isEqualTo("INVALID_JSON");
        assertThat(a.body()).containsIgnoringCase("duplicate");
        Http.Response b = pos.post("/api/v1/orders", Orders.json("TRAIL-1") + " {\"orderId\": \"TRAIL-2\"}");
        assertThat(b.status()).isEqualTo(400);
        assertThat(b.errorCode()).isEqualTo("INVALID_JSON");
        assertThat(pos.get("/api/v1/orders/DUP-1").status()).isEqualTo(404);
        assertThat(pos.get("/api/v1/orders/TRAIL-1").status()).isEqualTo(404);
    }

    @Test
    void controlAndBidiCharactersAreStrippedFromFreeText() {
        String body = Orders.json("TEXT-1")
                .replace("\"note\":\"tanpa telur\"", "\"note\": \"no egg\\n2x EXTRA\\u202Eyticips\"");
        assertThat(pos.post("/api/v1/orders", body).status()).isEqualTo(201);
        JsonNode order = pos.get("/api/v1/orders/TEXT-1").json();
        String note = order.path("items").get(0).path("note").asText();
        assertThat(note).isEqualTo("no egg 2x EXTRAyticips");
        JsonNode ticket = order.path("tickets").get(0);
        assertThat(ticket.toString())
                .doesNotContain("\\n2x")
                .doesNotContain("\\u202E")
                .doesNotContain("\u202E");
    }

    @Test
    void unknownFieldsAreCappedBeforeStorage() {
        String junk = "x".repeat(200_000);
        String body = Orders.json("JUNK-1").replaceFirst("\\{", "{\"aaa\": \"small\", \"zzz\": \"" + junk + "\", ");
        assertThat(pos.post("/api/v1/orders", body).status()).isEqualTo(201);
        Http.Response stored = pos.get("/api/v1/orders/JUNK-1");
        assertThat(stored.body().length()).isLessThan(10_000);
        assertThat(stored.json().path("aaa").asText()).isEqualTo("small");
        assertThat(stored.json().has("zzz")).isFalse();
        assertThat(pos.post("/api/v1/orders", body).status())
                .as("the same order again is a repeat")
                .isEqualTo(200);
    }

    @Test
    void theDataDirectoryAndItsFilesAreTheAgentsAlone() throws Exception {
        assertThat(pos.post("/api/v1/orders", Orders.json("PERM-1")).status()).isEqualTo(201);
        Path data = dir.resolve("data");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        try (var files = Files.list(data)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".mv.db"))
                    .forEach(f -> {
                        try {
                            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                                    .as(f.toString())
                                    .isEqualTo("rw-------");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }
}
