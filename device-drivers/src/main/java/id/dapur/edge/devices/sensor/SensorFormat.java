package id.dapur.edge.devices.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.devices.sensor.SensorMessage.Availability;
import id.dapur.edge.devices.sensor.SensorMessage.Ignored;
import id.dapur.edge.devices.sensor.SensorMessage.Reading;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The payloads temperature sensors speak, each read into a {@link SensorMessage}: the contract's own
 * ({@code dapur}), Tasmota, Shelly Gen1 and Gen2, ESPHome and Zigbee2MQTT, plus where each says it went
 * offline. A unit is never guessed: a payload that names one is read in it, a plain number is in the
 * unit configured for the sensor. Stateless and thread-safe.
 */
public enum SensorFormat {
    DAPUR("dapur"),
    TASMOTA("tasmota"),
    SHELLY("shelly"),
    SHELLY_GEN2("shelly-gen2"),
    ESPHOME("esphome"),
    ZIGBEE2MQTT("zigbee2mqtt");

    /** Readings outside this range are a broken probe (a DS18B20 says 85 °C at power-on, −127 °C unplugged). */
    public static final double MIN_CELSIUS = -60;

    public static final double MAX_CELSIUS = 150;
    public static final int MAX_PAYLOAD = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String configName;

    SensorFormat(String configName) {
        this.configName = configName;
    }

    public static SensorFormat of(String configName) {
        for (SensorFormat f : values()) {
            if (f.configName.equals(configName)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown sensor format '" + configName + "'");
    }

    /** The topic the device says it is on or offline on, derived from its data topic; null if none. */
    public String availabilityTopic(String dataTopic) {
        String parent = dataTopic.contains("/") ? dataTopic.substring(0, dataTopic.lastIndexOf('/')) : dataTopic;
        return switch (this) {
            case DAPUR -> null;
            case TASMOTA -> parent + "/LWT"; // tele/<t>/SENSOR → tele/<t>/LWT
            case SHELLY -> dataTopic.replaceFirst("/sensor/temperature$", "") + "/online"; // shellies/<id>/online
            case SHELLY_GEN2 -> dataTopic.replaceFirst("/events/rpc$", "") + "/online";
            case ESPHOME -> dataTopic.replaceFirst("/sensor/[^/]+/state$", "") + "/status";
            case ZIGBEE2MQTT -> dataTopic + "/availability";
        };
    }

    /**
     * Reads one message. {@code availability} says it came on the availability topic; {@code unit} is
     * the configured unit for formats without one; {@code channel} picks one probe of several.
     */
    public SensorMessage decode(byte[] payload, boolean availability, String unit, String channel)
            throws SensorPayloadException {
        if (payload.length > MAX_PAYLOAD) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.PAYLOAD_TOO_LARGE,
                    "payload is " + payload.length + " bytes, over " + MAX_PAYLOAD);
        }
        String text = utf8(payload).trim();
        if (availability) {
            return availability(text);
        }
        SensorMessage m = switch (this) {
            case DAPUR -> dapur(json(text));
            case TASMOTA -> tasmota(json(text), channel);
            case SHELLY -> new Reading(number(text), unit, null, null, null);
            case SHELLY_GEN2 -> shellyGen2(json(text), channel);
            case ESPHOME -> esphome(text, unit);
            case ZIGBEE2MQTT -> zigbee(json(text), unit);
        };
        if (m instanceof Reading r) {
            double c = r.celsius();
            if (c < MIN_CELSIUS || c > MAX_CELSIUS) {
                throw new SensorPayloadException(
                        SensorPayloadException.Code.OUT_OF_RANGE,
                        String.format(
                                Locale.ROOT,
                                "temperature %.1f °C is outside %.0f..%.0f °C: a broken or unplugged probe",
                                c,
                                MIN_CELSIUS,
                                MAX_CELSIUS));
            }
        }
        return m;
    }

    private SensorMessage availability(String text) throws SensorPayloadException {
        String state = text;
        if (text.startsWith("{")) {
            JsonNode n = json(text).get("state");
            state = n == null ? "" : n.asText();
        }
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "online", "true" -> new Availability(true);
            case "offline", "false" -> new Availability(false);
            default ->
                throw new SensorPayloadException(
                        SensorPayloadException.Code.INVALID_AVAILABILITY,
                        "availability must be online/offline or true/false, got '" + excerpt(text) + "'");
        };
    }

    private static SensorMessage dapur(JsonNode n) throws SensorPayloadException {
        JsonNode t = n.get("temperature");
        if (t == null || !t.isNumber()) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.INVALID_TEMPERATURE, "temperature must be a number");
        }
        JsonNode u = n.get("unit");
        if (u == null || !u.isTextual()) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.MISSING_UNIT, "unit is required (\"C\" or \"F\")");
        }
        String unit = unit(u.asText());
        Instant at = null;
        JsonNode ts = n.get("ts");
        if (ts != null && !ts.isNull()) {
            try {
                at = Instant.parse(ts.asText());
            } catch (DateTimeParseException e) {
                throw new SensorPayloadException(
                        SensorPayloadException.Code.INVALID_TIMESTAMP,
                        "ts must be an ISO-8601 instant like 2026-11-23T07:00:00Z");
            }
        }
        return new Reading(finite(t.doubleValue()), unit, at, null, null);
    }

    private static SensorMessage tasmota(JsonNode n, String channel) throws SensorPayloadException {
        String unit = n.has("TempUnit") ? unit(n.get("TempUnit").asText()) : "C"; // Tasmota's default is °C
        Instant at = null;
        if (n.hasNonNull("Time")) { // Tasmota sends local time without a zone; the agent's zone is the outlet's
            try {
                at = LocalDateTime.parse(n.get("Time").asText())
                        .atZone(ZoneId.systemDefault())
                        .toInstant();
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if ((channel == null || channel.equals(e.getKey()))
                    && e.getValue().isObject()
                    && e.getValue().has("Temperature")) {
                JsonNode t = e.getValue().get("Temperature");
                if (!t.isNumber()) {
                    throw new SensorPayloadException(
                            SensorPayloadException.Code.INVALID_TEMPERATURE,
                            e.getKey() + ".Temperature must be a number");
                }
                return new Reading(finite(t.doubleValue()), unit, at, null, null);
            }
        }
        if (channel != null) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.NO_TEMPERATURE,
                    "no " + channel + ".Temperature in the Tasmota SENSOR message");
        }
        throw new SensorPayloadException(
                SensorPayloadException.Code.NO_TEMPERATURE,
                "no sensor with a Temperature in the Tasmota SENSOR message");
    }

    private static SensorMessage shellyGen2(JsonNode n, String channel) throws SensorPayloadException {
        String method = n.path("method").asText("");
        if (!method.equals("NotifyStatus") && !method.equals("NotifyFullStatus")) {
            return new Ignored("Shelly " + (method.isEmpty() ? "message without a method" : method));
        }
        JsonNode params = n.get("params");
        if (params == null || !params.isObject()) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.INVALID_PAYLOAD, "a Shelly " + method + " without params");
        }
        Instant at = params.has("ts") && params.get("ts").isNumber()
                ? Instant.ofEpochMilli(Math.round(params.get("ts").doubleValue() * 1000))
                : null;
        String key = channel == null ? "temperature:0" : channel;
        JsonNode t = params.get(key);
        if (t == null) {
            return new Ignored("Shelly " + method + " without " + key);
        }
        JsonNode c = t.get("tC");
        if (c == null || !c.isNumber()) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.INVALID_TEMPERATURE, key + ".tC must be a number");
        }
        return new Reading(finite(c.doubleValue()), "C", at, null, null);
    }

    private static SensorMessage esphome(String text, String unit) throws SensorPayloadException {
        if (text.equalsIgnoreCase("nan")) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.SENSOR_FAULT, "ESPHome sent nan: the probe is not answering");
        }
        return new Reading(number(text), unit, null, null, null);
    }

    private static SensorMessage zigbee(JsonNode n, String unit) throws SensorPayloadException {
        JsonNode t = n.get("temperature");
        if (t == null || t.isNull()) {
            return new Ignored("Zigbee2MQTT update without a temperature");
        }
        if (!t.isNumber()) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.INVALID_TEMPERATURE, "temperature must be a number");
        }
        Integer battery = n.hasNonNull("battery") && n.get("battery").isNumber()
                ? n.get("battery").intValue()
                : null;
        Integer lq = n.hasNonNull("linkquality") && n.get("linkquality").isNumber()
                ? n.get("linkquality").intValue()
                : null;
        return new Reading(finite(t.doubleValue()), unit, null, battery, lq);
    }

    private static double number(String text) throws SensorPayloadException {
        try {
            return finite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.INVALID_TEMPERATURE,
                    "expected a plain number, got '" + excerpt(text) + "'");
        }
    }

    private static double finite(double d) throws SensorPayloadException {
        if (!Double.isFinite(d)) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.INVALID_TEMPERATURE, "temperature is not a finite number");
        }
        return d;
    }

    private static String unit(String u) throws SensorPayloadException {
        return switch (u) {
            case "C", "°C" -> "C";
            case "F", "°F" -> "F";
            default ->
                throw new SensorPayloadException(
                        SensorPayloadException.Code.UNKNOWN_UNIT, "unit must be C or F, got '" + excerpt(u) + "'");
        };
    }

    private static JsonNode json(String text) throws SensorPayloadException {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new SensorPayloadException(
                        SensorPayloadException.Code.INVALID_JSON, "payload must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new SensorPayloadException(
                    SensorPayloadException.Code.INVALID_JSON, "payload is not JSON: '" + excerpt(text) + "'");
        }
    }

    private static String utf8(byte[] payload) throws SensorPayloadException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SensorPayloadException(SensorPayloadException.Code.INVALID_ENCODING, "payload is not UTF-8");
        }
    }

    private static String excerpt(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
