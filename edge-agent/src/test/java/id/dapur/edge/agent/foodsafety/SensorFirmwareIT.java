package id.dapur.edge.agent.foodsafety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import id.dapur.edge.agent.demo.SimulatedDeviceLink;
import id.dapur.edge.agent.testsupport.HostedAgent;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.devices.sim.SimulatedShellyGen2;
import id.dapur.edge.devices.sim.SimulatedTasmota;
import id.dapur.edge.devices.sim.SimulatedZigbee2Mqtt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sensors' firmware settings against simulated Tasmota, Shelly Gen2 and Zigbee2MQTT devices that
 * answer over the real broker as the real ones do, each with the outlet's sensor account (so the
 * broker's ACL lets them take their commands): the wanted settings are pushed at start without an
 * alert; a device reset to factory settings raises SENSOR_CONFIG_DRIFT once, gets them again and the
 * alert clears; a device that does not keep them stays in drift with one alert until it does.
 */
@Timeout(180)
class SensorFirmwareIT {
    static final String SHELLY = "shellyplus1-a8032abe54dc";

    @TempDir
    Path dir;

    static final String SENSORS = """
            sensors:
              - id: fridge-t
                name: Tasmota fridge
                equipment: cold-hold
                format: tasmota
                topic: tele/fridge1/SENSOR
                firmware: { checkEvery: 1h, settings: { TelePeriod: 60, TempRes: 2, TempOffset: -0.5, SetOption8: 0 } }
              - id: fridge-s
                name: Shelly fridge
                equipment: cold-hold
                format: shelly-gen2
                topic: %s/events/rpc
                firmware:
                  settings:
                    "Temperature:100": { report_thr_C: 0.5, offset_C: -0.3 }
                    Sys: { sntp: { server: pool.ntp.org } }
              - id: fridge-z
                name: Zigbee fridge
                equipment: cold-hold
                format: zigbee2mqtt
                topic: zigbee2mqtt/walkin_sensor
                firmware: { settings: { temperature_precision: 1, temperature_calibration: -0.4 } }
            """.formatted(SHELLY);

    @Test
    void settingsArePushedDriftIsRaisedOnceAndClearedOnceFixed() throws Exception {
        TestConfig c = TestConfig.embedded(dir);
        Path file = c.write(SENSORS);
        SimulatedTasmota tasmota = new SimulatedTasmota("fridge1");
        SimulatedShellyGen2 shelly = new SimulatedShellyGen2(SHELLY);
        SimulatedZigbee2Mqtt z2m =
                new SimulatedZigbee2Mqtt("zigbee2mqtt", Map.of("walkin_sensor", "0x00158d0001a2b3c4"));
        try (HostedAgent agent = HostedAgent.start(file).awaitReady();
                MqttProbe alerts = MqttProbe.connect(c.mqttUrl(), "ops", TestConfig.PASSWORD)
                        .subscribe(TestConfig.ROOT + "/alerts");
                SimulatedDeviceLink t = SimulatedDeviceLink.connect(
                        c.mqttUrl(), "sensor-1", TestConfig.PASSWORD, "sensor-1-tasmota", tasmota);
                SimulatedDeviceLink s = SimulatedDeviceLink.connect(
                        c.mqttUrl(), "sensor-1", TestConfig.PASSWORD, "sensor-1-shelly", shelly);
                SimulatedDeviceLink z = SimulatedDeviceLink.connect(
                        c.mqttUrl(), "sensor-1", TestConfig.PASSWORD, "sensor-1-z2m", z2m)) {
            Http kds = new Http(c.http(), TestConfig.WOK_TOKEN);
            // pushed at start (or when each device came online): a first push is not drift
            awaitState(kds, "fridge-t", "OK");
            awaitState(kds, "fridge-s", "OK");
            awaitState(kds, "fridge-z", "OK");
            assertThat(tasmota.setting("TelePeriod")).isEqualTo(60.0);
            assertThat(tasmota.setting("TempRes")).isEqualTo(2.0);
            assertThat(tasmota.setting("TempOffset")).isEqualTo(-0.5);
            assertThat(shelly.temperatureConfig().path("report_thr_C").asDouble())
                    .isEqualTo(0.5);
            assertThat(shelly.temperatureConfig().path("offset_C").asDouble()).isEqualTo(-0.3);
            assertThat(z2m.options("walkin_sensor")
                            .path("temperature_precision")
                            .asInt())
                    .isEqualTo(1);
            assertThat(z2m.options("walkin_sensor")
                            .path("temperature_calibration")
                            .asDouble())
                    .isEqualTo(-0.4);
            assertThat(drift(alerts)).as("no drift for a first push").isEmpty();

            // the Tasmota device is reset to factory settings and reboots: drift, pushed again, cleared
            tasmota.factoryReset();
            t.reboot();
            Awaitility.await("drift raised and cleared")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> drift(alerts).stream()
                            .anyMatch(a ->
                                    a.has("clearedAt") && !a.path("clearedAt").isNull()));
            assertThat(tasmota.setting("TelePeriod")).isEqualTo(60.0);
            List<JsonNode> raised = drift(alerts).stream()
                    .filter(a -> a.path("subject").asText().equals("fridge-t"))
                    .toList();
            assertThat(raised.stream().map(a -> a.path("alertId").asText()).distinct())
                    .as("raised once")
                    .hasSize(1);
            assertThat(raised.get(0).path("message").asText()).contains("lost settings", "TelePeriod 300 (wanted 60)");
            awaitState(kds, "fridge-t", "OK");

            // the Shelly is reset and does not keep what it is sent: drift stays, one alert, across checks
            shelly.stuck(true);
            shelly.factoryReset();
            s.reboot();
            awaitState(kds, "fridge-s", "DRIFT");
            String checked = firmware(kds, "fridge-s").path("checkedAt").asText();
            s.reboot(); // checked again: still drifting, not raised again
            Awaitility.await("checked again")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> firmware(kds, "fridge-s").path("checkedAt").asText(), at -> !at.equals(checked));
            assertThat(firmware(kds, "fridge-s").path("state").asText()).isEqualTo("DRIFT");
            List<JsonNode> shellyAlerts = drift(alerts).stream()
                    .filter(a -> a.path("subject").asText().equals("fridge-s"))
                    .toList();
            assertThat(shellyAlerts.stream()
                            .map(a -> a.path("alertId").asText())
                            .distinct())
                    .hasSize(1);
            assertThat(shellyAlerts).noneMatch(a -> a.hasNonNull("clearedAt"));
            assertThat(firmware(kds, "fridge-s")
                            .path("differences")
                            .path("Temperature:100.offset_C")
                            .asText())
                    .isEqualTo("-0.3");
            assertThat(kds.get("/api/v1/alerts").body())
                    .contains("SENSOR_CONFIG_DRIFT", "lost settings it held", "offset_C 0.0 (wanted -0.3)");
            // fixed: it keeps settings again; the next check clears the alert
            shelly.stuck(false);
            s.reboot();
            awaitState(kds, "fridge-s", "OK");
            Awaitility.await("cleared")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> drift(alerts).stream()
                            .anyMatch(a -> a.path("subject").asText().equals("fridge-s") && a.hasNonNull("clearedAt")));
            assertThat(shelly.temperatureConfig().path("offset_C").asDouble()).isEqualTo(-0.3);

            // Zigbee2MQTT loses the device's options (re-paired): raised once, pushed, cleared
            z2m.factoryReset();
            z.reboot();
            Awaitility.await("z2m drift cleared")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> drift(alerts).stream()
                            .anyMatch(a -> a.path("subject").asText().equals("fridge-z") && a.hasNonNull("clearedAt")));
            assertThat(z2m.options("walkin_sensor")
                            .path("temperature_precision")
                            .asInt())
                    .isEqualTo(1);
            assertThat(kds.get("/api/v1/alerts").body()).doesNotContain("SENSOR_CONFIG_DRIFT");
        }
    }

    static JsonNode firmware(Http http, String sensor) {
        for (JsonNode s : http.get("/api/v1/sensors").json().path("sensors")) {
            if (s.path("id").asText().equals(sensor)) {
                return s.path("firmware");
            }
        }
        return MissingNode.getInstance();
    }

    static void awaitState(Http http, String sensor, String state) {
        Awaitility.await(sensor + " firmware " + state)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> firmware(http, sensor).path("state").asText(), state::equals);
    }

    /** The SENSOR_CONFIG_DRIFT alerts published on the outlet's alerts topic, raised and cleared. */
    static List<JsonNode> drift(MqttProbe alerts) {
        return alerts.all().stream()
                .map(MqttProbe.Received::json)
                .filter(a -> a.path("kind").asText().equals(SensorFirmware.ALERT))
                .toList();
    }
}
