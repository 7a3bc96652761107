package id.dapur.edge.devices.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.devices.scale.ScaleReading.State;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaleProtocolTest {
    private static final Instant T = Instant.parse("2026-11-23T07:00:00Z");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void toledo8217() throws Exception {
        ScaleProtocol p = ScaleProtocol.of("toledo-8217", "kg");
        assertThat(p.weightRequest()).containsExactly('W');
        assertThat(p.tareRequest()).containsExactly('T');
        assertThat(p.zeroRequest()).containsExactly('Z');
        assertThat(p.frameEnd()).isEqualTo((byte) 0x0D);
        assertThat(p.parse(b("\u000201.234"), T)).isEqualTo(new ScaleReading(1234, State.STABLE, T));
        assertThat(p.parse(b("\u0002 0.250N"), T).grams()).isEqualTo(250);
        assertThat(p.parse(b("\u0002?1"), T).state()).isEqualTo(State.MOTION);
        assertThat(p.parse(b("\u0002?2"), T).state()).isEqualTo(State.OVERLOAD);
        assertThat(p.parse(b("\u0002?4"), T).state()).isEqualTo(State.NEGATIVE);
        assertThat(p.parse(b("\u0002?3"), T).state())
                .as("over capacity wins over motion")
                .isEqualTo(State.OVERLOAD);
        assertThat(ScaleProtocol.of("toledo-8217", "lb")
                        .parse(b("\u000202.000"), T)
                        .grams())
                .isEqualTo(907.185);
        assertThatThrownBy(() -> p.parse(b("01.234"), T)).hasMessageContaining("no STX");
        assertThatThrownBy(() -> p.parse(b("\u0002\u00ffZq"), T)).hasMessageContaining("not a Toledo 8217 weight");
        assertThatThrownBy(() -> p.parse(b("\u0002?0"), T)).hasMessageContaining("without a weight");
    }

    @Test
    void mtSics() throws Exception {
        ScaleProtocol p = ScaleProtocol.of("mt-sics", "kg");
        assertThat(new String(p.weightRequest(), StandardCharsets.US_ASCII)).isEqualTo("SI\r\n");
        assertThat(p.parse(b("S S     100.00 g\r"), T)).isEqualTo(new ScaleReading(100, State.STABLE, T));
        assertThat(p.parse(b("S D       0.35 kg\r"), T)).isEqualTo(new ScaleReading(350, State.MOTION, T));
        assertThat(p.parse(b("S +\r"), T).state()).isEqualTo(State.OVERLOAD);
        assertThat(p.parse(b("S -\r"), T).state()).isEqualTo(State.NEGATIVE);
        assertThat(p.parse(b("S S     -12.00 g\r"), T).stable())
                .as("a negative weight is never stable")
                .isFalse();
        assertThatThrownBy(() -> p.parse(b("S I\r"), T)).hasMessageContaining("busy");
        assertThatThrownBy(() -> p.parse(b("ES\r"), T)).hasMessageContaining("did not understand");
        assertThatThrownBy(() -> p.parse(b("S S  12.00 oz\r"), T)).hasMessageContaining("unit 'oz'");
        p.commandAccepted(b("T S     100.00 g\r"));
        p.commandAccepted(b("Z A\r"));
        assertThatThrownBy(() -> p.commandAccepted(b("Z I\r"))).hasMessageContaining("in motion");
        assertThatThrownBy(() -> p.commandAccepted(b("T +\r"))).hasMessageContaining("over the range");
    }

    @Test
    void casContinuous() throws Exception {
        ScaleProtocol p = ScaleProtocol.of("cas", "kg");
        assertThat(p.weightRequest()).isNull();
        assertThat(p.tareRequest()).isNull();
        String frame = CasContinuous.frame("ST", 1.234, "kg");
        assertThat(frame).hasSize(22).isEqualTo("ST,GS,+    1.234  kg\r\n");
        byte[] body = b(frame.substring(0, 21));
        assertThat(p.parse(body, T)).isEqualTo(new ScaleReading(1234, State.STABLE, T));
        assertThat(p.parse(b(CasContinuous.frame("US", 0.5, "kg").substring(0, 21)), T)
                        .state())
                .isEqualTo(State.MOTION);
        assertThat(p.parse(b(CasContinuous.frame("OL", 99.999, "kg").substring(0, 21)), T)
                        .state())
                .isEqualTo(State.OVERLOAD);
        assertThat(p.parse(b(CasContinuous.frame("ST", -0.2, "kg").substring(0, 21)), T)
                        .state())
                .isEqualTo(State.NEGATIVE);
        assertThat(p.parse(b(CasContinuous.frame("ST", 500, "g").substring(0, 21)), T)
                        .grams())
                .isEqualTo(500);
        assertThatThrownBy(() -> p.parse(b("ST,GS,+1.2kg\r"), T)).hasMessageContaining("22 bytes");
        assertThatThrownBy(() -> p.parse(b("XX,GS,+    1.234  kg\r"), T)).hasMessageContaining("not a CAS frame");
    }

    @Test
    void unsupportedProtocolsAreNamed() {
        assertThatThrownBy(() -> ScaleProtocol.of("dialog06", "kg"))
                .hasMessageContaining("'dialog06' is not supported");
        assertThatThrownBy(() -> ScaleProtocol.of("toledo-8217", "stone")).hasMessageContaining("unit 'stone'");
    }
}
