package id.dapur.edge.agent.scales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.RunningAgent;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.serial.SerialSettings;
import id.dapur.edge.devices.sim.PtyPair;
import id.dapur.edge.devices.sim.SimulatedScale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scales from the agent: simulated MT-SICS and CAS scales on socat pseudo-terminals, weights over HTTP and MQTT. */
class ScalesIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private SimulatedScale scale(String name, String protocol) throws Exception {
        PtyPair pty = PtyPair.create(dir, name);
        open.add(pty);
        SimulatedScale s = new SimulatedScale(
                protocol, "kg", new SerialSettings(pty.device().toString(), 9600, 8, "1", "none", "none"));
        open.add(s);
        return s;
    }

    @Test
    void aStableWeightOrAClearReasonTareAndZero() throws Exception {
        SimulatedScale sics = scale("sics", "mt-sics");
        SimulatedScale cas = scale("cas", "cas");
        TestConfig cfg = TestConfig.embedded(dir);
        RunningAgent a =
                RunningAgent.start(cfg.load("""
                scales:
                  - { id: scale-1, connection: "serial://%s?baud=9600&parity=none&databits=8", protocol: mt-sics }
                  - { id: scale-2, connection: "serial://%s?baud=9600&parity=none&databits=8", protocol: cas }
                  - { id: scale-3, connection: "serial:///dev/ttyDAPUR-none", protocol: dialog06 }
                  - { id: scale-4, connection: "serial://%s/unplugged?baud=9600", protocol: toledo-8217 }
                """.formatted(dir.resolve("sics-host"), dir.resolve("cas-host"), dir)));
        open.add(a);
        a.awaitReady();
        Http pos = new Http(cfg.http(), TestConfig.POS_TOKEN);
        MqttProbe ops = MqttProbe.connect(cfg.mqttUrl(), "ops", TestConfig.PASSWORD)
                .subscribe(TestConfig.ROOT + "/scales/+/weight");
        open.add(ops::close);

        sics.weigh(250);
        // a reading the scale sent just before the food went on (its zero) may still be the first answer
        await().atMost(WAIT).until(() -> {
            Http.Response r = pos.get("/api/v1/scales/scale-1/weight");
            return r.status() == 200 && r.json().path("grams").asDouble() == 250.0;
        });
        JsonNode w = pos.get("/api/v1/scales/scale-1/weight").json();
        assertThat(w.path("grams").asDouble()).isEqualTo(250.0);
        assertThat(w.path("stable").asBoolean()).isTrue();
        assertThat(w.has("ts")).isTrue();
        ops.await(
                TestConfig.ROOT + "/scales/scale-1/weight",
                j -> j.path("grams").asDouble() == 250.0 && j.path("stable").asBoolean());

        sics.motion(true);
        await().atMost(WAIT)
                .until(() -> "SCALE_UNSTABLE"
                        .equals(pos.get("/api/v1/scales/scale-1/weight?wait=0").errorCode()));
        assertThat(pos.get("/api/v1/scales/scale-1/weight?wait=0").status()).isEqualTo(409);
        ops.await(
                TestConfig.ROOT + "/scales/scale-1/weight",
                j -> !j.path("stable").asBoolean() && j.path("reason").asText().contains("motion"));
        sics.motion(false).overload(true);
        await().atMost(WAIT)
                .until(() -> "SCALE_OVERLOAD"
                        .equals(pos.get("/api/v1/scales/scale-1/weight?wait=0").errorCode()));
        sics.overload(false);
        assertThat(pos.get("/api/v1/scales/scale-1/weight?wait=3000")
                        .json()
                        .path("grams")
                        .asDouble())
                .as("waits for the pan to settle")
                .isEqualTo(250.0);

        assertThat(pos.post("/api/v1/scales/scale-1/tare", "").status()).isEqualTo(200);
        await().atMost(WAIT)
                .until(() -> pos.get("/api/v1/scales/scale-1/weight")
                                .json()
                                .path("grams")
                                .asDouble()
                        == 0.0);
        sics.weigh(100);
        await().atMost(WAIT)
                .until(() -> "SCALE_NEGATIVE"
                        .equals(pos.get("/api/v1/scales/scale-1/weight?wait=0").errorCode()));
        assertThat(pos.post("/api/v1/scales/scale-1/zero", "").status()).isEqualTo(200);

        cas.weigh(1500);
        await().atMost(WAIT)
                .until(() -> pos.get("/api/v1/scales/scale-2/weight")
                                .json()
                                .path("grams")
                                .asDouble()
                        == 1500.0);
        assertThat(pos.post("/api/v1/scales/scale-2/tare", "").errorCode()).isEqualTo("NOT_SUPPORTED");
        assertThat(pos.get("/api/v1/scales/scale-3/weight").errorCode()).isEqualTo("NOT_SUPPORTED");
        Http.Response unplugged = pos.get("/api/v1/scales/scale-4/weight");
        assertThat(unplugged.status()).isEqualTo(503);
        assertThat(unplugged.errorCode()).isEqualTo("SCALE_OFFLINE");
        assertThat(pos.get("/api/v1/scales/nope/weight").errorCode()).isEqualTo("UNKNOWN_SCALE");
        assertThat(pos.get("/api/v1/scales/scale-1/weight?wait=99999").errorCode())
                .isEqualTo("INVALID_QUERY");
        JsonNode list = pos.get("/api/v1/scales").json().path("scales");
        assertThat(list).hasSize(4);
        assertThat(list.get(3).path("reason").asText()).contains("unplugged");
    }
}
