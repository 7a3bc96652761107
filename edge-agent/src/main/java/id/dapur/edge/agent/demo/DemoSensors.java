package id.dapur.edge.agent.demo;

import id.dapur.edge.devices.sim.SimulatedTasmota;
import id.dapur.edge.devices.sim.SimulatedZigbee2Mqtt;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Temperature sensors for the demo, each speaking its vendor's format every 10 s: a fridge (the
 * contract's own), a freezer (Tasmota), a bain-marie (ESPHome), a drinks fridge (Zigbee2MQTT) whose
 * door is left open for a while every half hour, so the demo shows an excursion, an alert and its clearing.
 * The freezer's Tasmota and the Zigbee2MQTT bridge also answer for their settings (simulated devices
 * of device-drivers), so the agent pushes the demo's firmware settings to them (sensor-firmware.md).
 */
public final class DemoSensors implements AutoCloseable {
    /** The demo's sensors section: what the agent expects of the sensors simulated here. */
    public static final String CONFIG = """
            sensors:
              - { id: fridge-1, name: Kulkas 1, equipment: cold-hold, alertDelay: 2m, maxSilence: 2m }
              - { id: freezer-1, name: Freezer, equipment: freezer, format: tasmota, topic: "tele/freezer1/SENSOR", maxSilence: 2m,
                  defrost: { at: ["03:00", "15:00"], duration: 30m, allowance: 10 },
                  firmware: { settings: { TelePeriod: 10, TempRes: 1, TempOffset: -0.3 } } }
              - { id: bain-1, name: Bain-marie, equipment: hot-hold, format: esphome, topic: "dapur-node/sensor/bain_marie/state", maxSilence: 2m }
              - { id: drinks, name: Kulkas minuman, equipment: cold-hold, format: zigbee2mqtt, topic: "zigbee2mqtt/drinks-fridge",
                  alertDelay: 3m, maxSilence: 2m, firmware: { settings: { temperature_precision: 1 } } }
            haccp: { jurisdiction: id-bpom, escalateAfter: 10m }
            gpio:
              provider: mock
              outputs:
                - { id: buzzer, pin: 17, role: buzzer }
                - { id: red, pin: 22, role: light-red }
                - { id: amber, pin: 23, role: light-amber }
                - { id: green, pin: 24, role: light-green }
              inputs:
                - { id: ack, pin: 5, role: ack-button }
                - { id: walk-in-door, name: Pintu walk-in, pin: 6, role: door, activeLow: false, openAlertAfter: 5m }
            """;

    private final Vertx vertx;
    private final MqttAsyncClient client;
    private final Random rnd = new Random();
    private final long timer;
    private int tick;
    private final SimulatedDeviceLink tasmota;
    private final SimulatedDeviceLink zigbee;

    public DemoSensors(Vertx vertx, String brokerUrl, String outletId, String password) throws MqttException {
        this.vertx = vertx;
        this.client = DemoMqtt.connect(brokerUrl, "kitchen-demo-sensors-" + outletId, "kitchen-demo", password);
        String root = "dapur/" + outletId;
        this.tasmota = SimulatedDeviceLink.connect(
                brokerUrl, "kitchen-demo", password, "kitchen-demo-tasmota", new SimulatedTasmota("freezer1"));
        this.zigbee = SimulatedDeviceLink.connect(
                brokerUrl,
                "kitchen-demo",
                password,
                "kitchen-demo-z2m",
                new SimulatedZigbee2Mqtt("zigbee2mqtt", Map.of("drinks-fridge", "0x00158d0002b4c5d6")));
        this.timer = vertx.setPeriodic(1000, 10_000, t -> publishAll(root));
    }

    private void publishAll(String root) {
        tick++;
        int phase = tick % 180; // 30 minutes of 10 s ticks
        double drinks = phase < 30
                ? 4 + rnd.nextGaussian() * 0.2
                : phase < 60 ? 4 + (phase - 30) * 0.3 : 4 + rnd.nextGaussian() * 0.2;
        publish(
                root + "/sensors/fridge-1",
                String.format(Locale.ROOT, "{\"temperature\": %.2f, \"unit\": \"C\"}", 3.2 + rnd.nextGaussian() * 0.3));
        publish(
                "tele/freezer1/SENSOR",
                String.format(
                        Locale.ROOT,
                        "{\"Time\":\"2026-11-23T07:00:00\",\"DS18B20\":{\"Id\":\"0316A279\",\"Temperature\":%.1f},\"TempUnit\":\"C\"}",
                        -19.5 + rnd.nextGaussian() * 0.4));
        publish("dapur-node/sensor/bain_marie/state", String.format(Locale.ROOT, "%.1f", 66 + rnd.nextGaussian()));
        publish(
                "zigbee2mqtt/drinks-fridge",
                String.format(
                        Locale.ROOT,
                        "{\"battery\":91,\"humidity\":58.1,\"linkquality\":132,\"temperature\":%.2f}",
                        drinks));
    }

    private void publish(String topic, String payload) {
        try {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0, false);
        } catch (MqttException e) {
            // the broker is restarting; the next tick tries again
        }
    }

    @Override
    public void close() throws MqttException {
        vertx.cancelTimer(timer);
        tasmota.close();
        zigbee.close();
        client.disconnect().waitForCompletion(2000);
        client.close();
    }
}
