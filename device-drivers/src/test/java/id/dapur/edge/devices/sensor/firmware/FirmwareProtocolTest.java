package id.dapur.edge.devices.sensor.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import id.dapur.edge.devices.sim.SimulatedMqttDevice;
import id.dapur.edge.devices.sim.SimulatedShellyGen2;
import id.dapur.edge.devices.sim.SimulatedTasmota;
import id.dapur.edge.devices.sim.SimulatedZigbee2Mqtt;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The vendors' requests and answers byte for byte (Tasmota commands and RESULT, Shelly Gen2 RPC over
 * MQTT, Zigbee2MQTT's bridge API), both ways: what the agent sends and reads, and what the simulated
 * devices answer.
 */
class FirmwareProtocolTest {
    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tasmotaAsksEachCommandWithoutAParameterAndReadsResult() {
        FirmwareProtocol p = FirmwareProtocol.of("tasmota", "tele/fridge1/SENSOR", "dapur/jkt-01/sensors/f/firmware");
        assertThat(p.read(Set.of("TelePeriod"))).singleElement().satisfies(o -> {
            assertThat(o.topic()).isEqualTo("cmnd/fridge1/TelePeriod");
            assertThat(o.payload()).isEmpty();
        });
        Map<String, JsonNode> set = new LinkedHashMap<>();
        set.put("TempOffset", DoubleNode.valueOf(-0.5));
        set.put("SetOption8", BooleanNode.FALSE);
        assertThat(p.write(set))
                .extracting(FirmwareProtocol.Outgoing::topic, FirmwareProtocol.Outgoing::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cmnd/fridge1/TempOffset", "-0.5"),
                        org.assertj.core.groups.Tuple.tuple("cmnd/fridge1/SetOption8", "0"));
        assertThat(p.observe("stat/fridge1/RESULT", b("{\"TelePeriod\":300}")))
                .containsEntry("TelePeriod", IntNode.valueOf(300));
        assertThat(p.observe("stat/other/RESULT", b("{\"TelePeriod\":300}"))).isEmpty();
        assertThat(p.same(IntNode.valueOf(0), TextNode.valueOf("OFF"))).isTrue();
        assertThat(p.same(DoubleNode.valueOf(-0.5), DoubleNode.valueOf(-0.50))).isTrue();
        assertThat(p.same(IntNode.valueOf(60), IntNode.valueOf(300))).isFalse();
        assertThat(p.deviceReads()).containsExactly("cmnd/fridge1/#");
    }

    @Test
    void theSimulatedTasmotaAnswersAsTasmotaDoes() {
        SimulatedTasmota t = new SimulatedTasmota("fridge1");
        assertThat(answer(t, "cmnd/fridge1/teleperiod", "")).isEqualTo("stat/fridge1/RESULT {\"TelePeriod\":300}");
        assertThat(answer(t, "cmnd/fridge1/TempOffset", "-0.5")).isEqualTo("stat/fridge1/RESULT {\"TempOffset\":-0.5}");
        assertThat(answer(t, "cmnd/fridge1/TempOffset", "")).isEqualTo("stat/fridge1/RESULT {\"TempOffset\":-0.5}");
        assertThat(answer(t, "cmnd/fridge1/SetOption8", "")).isEqualTo("stat/fridge1/RESULT {\"SetOption8\":\"OFF\"}");
        assertThat(answer(t, "cmnd/fridge1/Bogus", "")).isEqualTo("stat/fridge1/RESULT {\"Command\":\"Unknown\"}");
        t.factoryReset();
        assertThat(answer(t, "cmnd/fridge1/TempOffset", "")).isEqualTo("stat/fridge1/RESULT {\"TempOffset\":0.0}");
        assertThat(t.onConnect()).singleElement().satisfies(pub -> {
            assertThat(pub.topic()).isEqualTo("tele/fridge1/LWT");
            assertThat(pub.text()).isEqualTo("Online");
            assertThat(pub.retained()).isTrue();
        });
    }

    @Test
    void shellyGen2SpeaksRpcOverMqtt() {
        FirmwareProtocol p = FirmwareProtocol.of(
                "shelly-gen2", "shellyplus1-a8032abe54dc/events/rpc", "dapur/jkt-01/sensors/f/firmware");
        List<FirmwareProtocol.Outgoing> reads =
                p.read(Set.of("Temperature:100.offset_C", "Temperature:100.report_thr_C", "Sys.sntp.server"));
        assertThat(reads)
                .extracting(FirmwareProtocol.Outgoing::text)
                .containsExactly(
                        "{\"id\":1,\"src\":\"dapur/jkt-01/sensors/f/firmware\",\"method\":\"Sys.GetConfig\"}",
                        "{\"id\":2,\"src\":\"dapur/jkt-01/sensors/f/firmware\",\"method\":\"Temperature.GetConfig\",\"params\":{\"id\":100}}");
        assertThat(reads).allSatisfy(o -> assertThat(o.topic()).isEqualTo("shellyplus1-a8032abe54dc/rpc"));
        Map<String, JsonNode> set = new LinkedHashMap<>();
        set.put("Temperature:100.offset_C", DoubleNode.valueOf(-0.3));
        assertThat(p.write(set))
                .extracting(FirmwareProtocol.Outgoing::text)
                .containsExactly(
                        "{\"id\":3,\"src\":\"dapur/jkt-01/sensors/f/firmware\",\"method\":\"Temperature.SetConfig\",\"params\":{\"id\":100,\"config\":{\"offset_C\":-0.3}}}");
        // the answer, as documented: id, src, dst, result
        SimulatedShellyGen2 device = new SimulatedShellyGen2("shellyplus1-a8032abe54dc");
        String answer =
                answer(device, "shellyplus1-a8032abe54dc/rpc", reads.get(1).text());
        assertThat(answer)
                .isEqualTo(
                        "dapur/jkt-01/sensors/f/firmware/rpc {\"id\":2,\"src\":\"shellyplus1-a8032abe54dc\",\"dst\":\"dapur/jkt-01/sensors/f/firmware\","
                                + "\"result\":{\"id\":100,\"name\":null,\"report_thr_C\":1.0,\"offset_C\":0.0}}");
        Map<String, JsonNode> seen =
                p.observe("dapur/jkt-01/sensors/f/firmware/rpc", b(answer.substring(answer.indexOf(' ') + 1)));
        assertThat(seen)
                .containsEntry("Temperature:100.report_thr_C", DoubleNode.valueOf(1.0))
                .containsKey("Temperature:100.offset_C");
        assertThat(answer(device, "shellyplus1-a8032abe54dc/rpc", "{\"id\":9,\"src\":\"x\",\"method\":\"Nope.Nope\"}"))
                .isEqualTo(
                        "x/rpc {\"id\":9,\"src\":\"shellyplus1-a8032abe54dc\",\"dst\":\"x\",\"error\":{\"code\":404,\"message\":\"No handler for Nope.Nope\"}}");
    }

    @Test
    void zigbee2MqttReadsBridgeInfoAndSetsDeviceOptions() {
        FirmwareProtocol p =
                FirmwareProtocol.of("zigbee2mqtt", "zigbee2mqtt/walkin_sensor", "dapur/jkt-01/sensors/f/firmware");
        assertThat(p.wholeAnswer()).isTrue();
        assertThat(p.read(Set.of("temperature_precision"))).isEmpty();
        assertThat(p.write(Map.of("temperature_precision", IntNode.valueOf(1))))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.topic()).isEqualTo("zigbee2mqtt/bridge/request/device/options");
                    assertThat(o.text())
                            .isEqualTo("{\"id\":\"walkin_sensor\",\"options\":{\"temperature_precision\":1}}");
                });
        SimulatedZigbee2Mqtt bridge =
                new SimulatedZigbee2Mqtt("zigbee2mqtt", Map.of("walkin_sensor", "0x00158d0001a2b3c4"));
        List<SimulatedMqttDevice.Publish> out = bridge.onMessage(
                "zigbee2mqtt/bridge/request/device/options",
                b("{\"id\":\"walkin_sensor\",\"options\":{\"temperature_precision\":1},\"transaction\":\"t1\"}"));
        assertThat(out.get(0).text())
                .isEqualTo("{\"data\":{\"from\":{},\"id\":\"walkin_sensor\",\"restart_required\":false,"
                        + "\"to\":{\"temperature_precision\":1}},\"status\":\"ok\",\"transaction\":\"t1\"}");
        assertThat(out.get(1).topic()).isEqualTo("zigbee2mqtt/bridge/info");
        assertThat(out.get(1).retained()).isTrue();
        assertThat(p.observe("zigbee2mqtt/bridge/info", out.get(1).payload()))
                .containsEntry("temperature_precision", IntNode.valueOf(1));
        assertThat(bridge.onMessage("zigbee2mqtt/bridge/request/device/options", b("{\"id\":\"ghost\",\"options\":{}}"))
                        .get(0)
                        .text())
                .isEqualTo("{\"data\":{},\"error\":\"Device 'ghost' does not exist\",\"status\":\"error\"}");
    }

    @Test
    void formatsWithoutAnMqttSettingsApiHaveNoProtocol() {
        assertThat(FirmwareProtocol.of("esphome", "kitchen/sensor/t/state", "x"))
                .isNull();
        assertThat(FirmwareProtocol.of("dapur", null, "x")).isNull();
    }

    static String answer(SimulatedMqttDevice d, String topic, String payload) {
        List<SimulatedMqttDevice.Publish> out = d.onMessage(topic, b(payload));
        assertThat(out).hasSize(1);
        return out.get(0).topic() + " " + out.get(0).text();
    }
}
