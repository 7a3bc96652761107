package id.dapur.edge.agent.messaging.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packets the broker reads and writes, byte for byte, and the violations it refuses. */
class MqttPacketsTest {
    private static MqttFrames.Packet frame(Buffer b) throws MqttFrames.ProtocolError {
        List<MqttFrames.Packet> out = new ArrayList<>();
        new MqttFrames(1 << 20).feed(b, out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static MqttFrames.Packet frame(int... bytes) throws MqttFrames.ProtocolError {
        Buffer b = Buffer.buffer();
        for (int x : bytes) {
            b.appendByte((byte) x);
        }
        return frame(b);
    }

    @Test
    void aPublishReadsBackAsWritten() throws Exception {
        byte[] payload = new byte[200]; // a remaining length of two bytes
        payload[199] = 7;
        for (int qos = 0; qos <= 2; qos++) {
            Buffer b = MqttPackets.publish(
                    "dapur/x/é".getBytes(StandardCharsets.UTF_8), payload, qos, qos > 0, qos == 1, qos == 0 ? 0 : 300);
            MqttPackets.Publish p = MqttPackets.publish(frame(b));
            assertThat(p.topic()).isEqualTo("dapur/x/é");
            assertThat(p.qos()).isEqualTo(qos);
            assertThat(p.dup()).isEqualTo(qos > 0);
            assertThat(p.retain()).isEqualTo(qos == 1);
            assertThat(p.packetId()).isEqualTo(qos == 0 ? 0 : 300);
            assertThat(p.payload()).isEqualTo(payload);
        }
    }

    @Test
    void violationsAreProtocolErrors() {
        assertThatThrownBy(() -> MqttPackets.publish(frame(0x36, 5, 0, 1, 'a', 0, 1)))
                .hasMessageContaining("QoS 3");
        assertThatThrownBy(() -> MqttPackets.publish(frame(0x38, 3, 0, 1, 'a'))).hasMessageContaining("DUP");
        assertThatThrownBy(() -> MqttPackets.publish(frame(0x30, 3, 0, 1, '#'))).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> MqttPackets.publish(frame(0x30, 4, 0, 2, 0xC3, 0x28)))
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> MqttPackets.publish(frame(0x32, 5, 0, 1, 'a', 0, 0)))
                .hasMessageContaining("packet id 0");
        assertThatThrownBy(() -> MqttPackets.acknowledged(frame(0x60, 2, 0, 1))).hasMessageContaining("malformed");
        assertThatThrownBy(() -> MqttPackets.subscribe(frame(0x80, 6, 0, 1, 0, 1, 'a', 1)))
                .hasMessageContaining("0010");
        assertThatThrownBy(() -> MqttPackets.subscribe(frame(0x82, 2, 0, 1))).hasMessageContaining("no topic filter");
        assertThatThrownBy(() -> MqttPackets.subscribe(frame(0x82, 6, 0, 1, 0, 1, 'a', 3)))
                .hasMessageContaining("QoS byte 3");
        assertThatThrownBy(() -> MqttPackets.unsubscribe(frame(0xA2, 2, 0, 1))).hasMessageContaining("no topic filter");
        assertThatThrownBy(() -> MqttPackets.empty(frame(0xC0, 1, 0))).hasMessageContaining("malformed");
    }

    @Test
    void subscribeAndUnsubscribeListTheirFilters() throws Exception {
        MqttPackets.Subscribe s = MqttPackets.subscribe(frame(0x82, 12, 0, 9, 0, 1, 'a', 2, 0, 3, 'b', '/', '#', 0));
        assertThat(s.packetId()).isEqualTo(9);
        assertThat(s.filters()).containsExactly(new MqttPackets.Filter("a", 2), new MqttPackets.Filter("b/#", 0));
        MqttPackets.Unsubscribe u = MqttPackets.unsubscribe(frame(0xA2, 5, 0, 4, 0, 1, 'a'));
        assertThat(u.packetId()).isEqualTo(4);
        assertThat(u.filters()).containsExactly("a");
    }

    @Test
    void whatTheBrokerWrites() {
        assertThat(MqttPackets.connack(true, 0).getBytes()).containsExactly(0x20, 2, 1, 0);
        assertThat(MqttPackets.suback(258, new int[] {1, 0x80}).getBytes()).containsExactly(0x90, 4, 1, 2, 1, 0x80);
        assertThat(MqttPackets.pubrel(5).getBytes()).containsExactly(0x62, 2, 0, 5);
        assertThat(MqttPackets.pingresp().getBytes()).containsExactly(0xD0, 0);
        byte[] big = MqttPackets.publish(new byte[] {'t'}, new byte[20_000], 0, false, false, 0)
                .getBytes(0, 4);
        assertThat(big)
                .as("remaining length 20,003 as a variable byte integer")
                .containsExactly(0x30, 0xA3, 0x9C, 0x01);
    }
}
