package id.dapur.edge.devices.sensor;

import java.time.Instant;

/** What one sensor message said: a temperature, that the sensor went on or off line, or nothing for us. */
public sealed interface SensorMessage {

    /**
     * A temperature as sent: {@code value} in {@code unit} ({@code C} or {@code F}); {@link #celsius()}
     * converts explicitly, and both are stored. {@code at} is the sensor's own time when it sent one.
     */
    record Reading(double value, String unit, Instant at, Integer battery, Integer linkQuality)
            implements SensorMessage {
        public double celsius() {
            return "F".equals(unit) ? Math.round((value - 32) * 5 / 9 * 1000) / 1000.0 : value;
        }
    }

    /** The device's availability (Tasmota LWT, ESPHome status, Zigbee2MQTT availability, Shelly online). */
    record Availability(boolean online) implements SensorMessage {}

    /** A well-formed message with nothing for us (another Shelly RPC notification, a humidity-only update). */
    record Ignored(String why) implements SensorMessage {}
}
