package id.dapur.edge.devices.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.config.SensorConfig;
import id.dapur.edge.devices.sensor.SensorMessage.Availability;
import id.dapur.edge.devices.sensor.SensorMessage.Ignored;
import id.dapur.edge.devices.sensor.SensorMessage.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SensorFormatTest {

    private static SensorMessage decode(SensorFormat f, String payload) throws SensorPayloadException {
        return f.decode(payload.getBytes(StandardCharsets.UTF_8), false, "C", null);
    }

    private static String code(SensorFormat f, String payload) {
        try {
            decode(f, payload);
            return "none";
        } catch (SensorPayloadException e) {
            return e.code().name();
        }
    }

    @Test
    void dapurReadsTheContractPayloadAndRequiresAUnit() throws Exception {
        Reading r = (Reading)
                decode(SensorFormat.DAPUR, "{\"temperature\": 3.4, \"unit\": \"C\", \"ts\": \"2026-11-23T07:00:00Z\"}");
        assertThat(r.celsius()).isEqualTo(3.4);
        assertThat(r.at()).isEqualTo(Instant.parse("2026-11-23T07:00:00Z"));
        Reading f = (Reading) decode(SensorFormat.DAPUR, "{\"temperature\": 41, \"unit\": \"F\"}");
        assertThat(f.value()).isEqualTo(41);
        assertThat(f.unit()).isEqualTo("F");
        assertThat(f.celsius()).isEqualTo(5.0);
        assertThat(code(SensorFormat.DAPUR, "{\"temperature\": 3.4}")).isEqualTo("MISSING_UNIT");
        assertThat(code(SensorFormat.DAPUR, "{\"temperature\": 3.4, \"unit\": \"K\"}"))
                .isEqualTo("UNKNOWN_UNIT");
        assertThat(code(SensorFormat.DAPUR, "{\"temperature\": \"cold\", \"unit\": \"C\"}"))
                .isEqualTo("INVALID_TEMPERATURE");
        assertThat(code(SensorFormat.DAPUR, "{\"temperature\": 3, \"unit\": \"C\", \"ts\": \"yesterday\"}"))
                .isEqualTo("INVALID_TIMESTAMP");
        assertThat(code(SensorFormat.DAPUR, "not json")).isEqualTo("INVALID_JSON");
        assertThat(code(SensorFormat.DAPUR, "[1,2]")).isEqualTo("INVALID_JSON");
    }

    @Test
    void tasmotaFindsTheProbeAndItsUnit() throws Exception {
        String two = "{\"Time\":\"2026-11-23T07:00:00\",\"DS18B20-1\":{\"Id\":\"01\",\"Temperature\":-18.5},"
                + "\"DS18B20-2\":{\"Id\":\"02\",\"Temperature\":-3.0},\"TempUnit\":\"C\"}";
        assertThat(((Reading) decode(SensorFormat.TASMOTA, two)).celsius()).isEqualTo(-18.5);
        Reading second =
                (Reading) SensorFormat.TASMOTA.decode(two.getBytes(StandardCharsets.UTF_8), false, "C", "DS18B20-2");
        assertThat(second.celsius()).isEqualTo(-3.0);
        Reading f = (Reading)
                decode(SensorFormat.TASMOTA, "{\"AM2301\":{\"Temperature\":39.2,\"Humidity\":50},\"TempUnit\":\"F\"}");
        assertThat(f.unit()).isEqualTo("F");
        assertThat(f.celsius()).isEqualTo(4.0);
        assertThat(code(SensorFormat.TASMOTA, "{\"ENERGY\":{\"Power\":3}}")).isEqualTo("NO_TEMPERATURE");
        assertThat(SensorFormat.TASMOTA.availabilityTopic("tele/freezer1/SENSOR"))
                .isEqualTo("tele/freezer1/LWT");
        assertThat(SensorFormat.TASMOTA.decode("Offline".getBytes(), true, "C", null))
                .isEqualTo(new Availability(false));
        assertThat(SensorFormat.TASMOTA.decode("Online".getBytes(), true, "C", null))
                .isEqualTo(new Availability(true));
    }

    @Test
    void shellyGen1IsAPlainNumberInTheConfiguredUnit() throws Exception {
        assertThat(((Reading) decode(SensorFormat.SHELLY, "4.25")).celsius()).isEqualTo(4.25);
        Reading f = (Reading) SensorFormat.SHELLY.decode("41".getBytes(), false, "F", null);
        assertThat(f.celsius()).isEqualTo(5.0);
        assertThat(code(SensorFormat.SHELLY, "warm")).isEqualTo("INVALID_TEMPERATURE");
        assertThat(SensorFormat.SHELLY.availabilityTopic("shellies/shellyht-AB12/sensor/temperature"))
                .isEqualTo("shellies/shellyht-AB12/online");
        assertThat(SensorFormat.SHELLY.decode("false".getBytes(), true, "C", null))
                .isEqualTo(new Availability(false));
    }

    @Test
    void shellyGen2ReadsNotifyStatusAndIgnoresOtherNotifications() throws Exception {
        String status =
                "{\"src\":\"shellyhtg3-84fce63ad204\",\"dst\":\"shellyhtg3/events\",\"method\":\"NotifyStatus\","
                        + "\"params\":{\"ts\":1795417200.50,\"temperature:0\":{\"id\":0,\"tC\":4.3,\"tF\":39.7}}}";
        Reading r = (Reading) decode(SensorFormat.SHELLY_GEN2, status);
        assertThat(r.celsius()).isEqualTo(4.3);
        assertThat(r.at()).isEqualTo(Instant.ofEpochMilli(1795417200500L));
        assertThat(decode(SensorFormat.SHELLY_GEN2, "{\"method\":\"NotifyEvent\",\"params\":{\"events\":[]}}"))
                .isInstanceOf(Ignored.class);
        assertThat(decode(
                        SensorFormat.SHELLY_GEN2,
                        "{\"method\":\"NotifyStatus\",\"params\":{\"humidity:0\":{\"rh\":40}}}"))
                .isInstanceOf(Ignored.class);
        assertThat(code(
                        SensorFormat.SHELLY_GEN2,
                        "{\"method\":\"NotifyStatus\",\"params\":{\"temperature:0\":{\"tC\":null}}}"))
                .isEqualTo("INVALID_TEMPERATURE");
        assertThat(SensorFormat.SHELLY_GEN2.availabilityTopic("shellyhtg3-84fc/events/rpc"))
                .isEqualTo("shellyhtg3-84fc/online");
    }

    @Test
    void esphomeIsAPlainValueAndNanIsAFault() throws Exception {
        assertThat(((Reading) decode(SensorFormat.ESPHOME, "63.5")).celsius()).isEqualTo(63.5);
        assertThat(code(SensorFormat.ESPHOME, "nan")).isEqualTo("SENSOR_FAULT");
        assertThat(SensorFormat.ESPHOME.availabilityTopic("kitchen-node/sensor/bain_marie/state"))
                .isEqualTo("kitchen-node/status");
        assertThat(SensorFormat.ESPHOME.decode("offline".getBytes(), true, "C", null))
                .isEqualTo(new Availability(false));
    }

    @Test
    void zigbee2mqttCarriesBatteryAndLinkQuality() throws Exception {
        Reading r = (Reading) decode(
                SensorFormat.ZIGBEE2MQTT,
                "{\"battery\":87,\"humidity\":61.2,\"linkquality\":120,\"temperature\":2.9,\"voltage\":2985}");
        assertThat(r.celsius()).isEqualTo(2.9);
        assertThat(r.battery()).isEqualTo(87);
        assertThat(r.linkQuality()).isEqualTo(120);
        assertThat(decode(SensorFormat.ZIGBEE2MQTT, "{\"battery\":87,\"linkquality\":120}"))
                .isInstanceOf(Ignored.class);
        assertThat(SensorFormat.ZIGBEE2MQTT.availabilityTopic("zigbee2mqtt/walk-in"))
                .isEqualTo("zigbee2mqtt/walk-in/availability");
        assertThat(SensorFormat.ZIGBEE2MQTT.decode("{\"state\":\"offline\"}".getBytes(), true, "C", null))
                .isEqualTo(new Availability(false));
        assertThat(SensorFormat.ZIGBEE2MQTT.decode("online".getBytes(), true, "C", null))
                .isEqualTo(new Availability(true));
    }

    @Test
    void theFormatsConfigAcceptsAreTheFormatsThatCanBeRead() {
        assertThat(SensorConfig.FORMATS)
                .hasSize(SensorFormat.values().length)
                .allSatisfy(f -> assertThat(SensorFormat.of(f)).isNotNull());
    }

    @Test
    void garbageIsRefusedWithAReason() {
        assertThat(code(SensorFormat.TASMOTA, "{\"DS18B20\":{\"Temperature\":-127.0}}"))
                .isEqualTo("OUT_OF_RANGE"); // unplugged probe
        assertThat(code(SensorFormat.TASMOTA, "{\"DS18B20\":{\"Temperature\":185.0}}"))
                .isEqualTo("OUT_OF_RANGE");
        assertThatThrownBy(() -> SensorFormat.SHELLY.decode(new byte[] {(byte) 0xC3, 0x28}, false, "C", null))
                .isInstanceOf(SensorPayloadException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> SensorFormat.DAPUR.decode(new byte[20_000], false, "C", null))
                .hasMessageContaining("over 16384");
        assertThatThrownBy(() -> SensorFormat.ESPHOME.decode("maybe".getBytes(), true, "C", null))
                .hasMessageContaining("online/offline");
    }
}
