package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.devices.printer.PrinterStatus.State;
import org.junit.jupiter.api.Test;

class PrinterStatusTest {

    @Test
    void realTimeStatusBytes() {
        assertThat(PrinterStatus.fromRealTime(0x12, 0x12, 0x12, 0x12).state()).isEqualTo(State.READY);
        assertThat(PrinterStatus.fromRealTime(0x12, 0x12, 0x12, 0x1E).state())
                .isEqualTo(State.PAPER_LOW); // DLE EOT 4 bits 2,3
        assertThat(PrinterStatus.fromRealTime(0x1A, 0x32, 0x12, 0x72).state())
                .isEqualTo(State.PAPER_OUT); // bits 5,6 + offline
        assertThat(PrinterStatus.fromRealTime(0x1A, 0x16, 0x12, 0x12).state())
                .isEqualTo(State.COVER_OPEN); // DLE EOT 2 bit 2
        assertThat(PrinterStatus.fromRealTime(0x1A, 0x52, 0x1A, 0x12).state())
                .isEqualTo(State.ERROR); // DLE EOT 3 bit 3: cutter
        assertThat(PrinterStatus.fromRealTime(0x1A, 0x12, 0x12, 0x12).state()).isEqualTo(State.OFFLINE);
        assertThatThrownBy(() -> PrinterStatus.fromRealTime(0x00, 0x12, 0x12, 0x12))
                .hasMessageContaining("0x00");
    }

    @Test
    void automaticStatusBack() {
        assertThat(PrinterStatus.fromAsb(new byte[] {0x10, 0, 0, 0}).state()).isEqualTo(State.READY);
        assertThat(PrinterStatus.fromAsb(new byte[] {0x38, 0, 0, 0}).state()).isEqualTo(State.COVER_OPEN);
        assertThat(PrinterStatus.fromAsb(new byte[] {0x18, 0, 0x0C, 0}).state()).isEqualTo(State.PAPER_OUT);
        assertThat(PrinterStatus.fromAsb(new byte[] {0x10, 0, 0x03, 0}).state()).isEqualTo(State.PAPER_LOW);
        assertThat(PrinterStatus.fromAsb(new byte[] {0x10, 0x08, 0, 0}).state()).isEqualTo(State.ERROR);
    }

    @Test
    void encodeAndDecodeAgree() {
        for (PrinterStatus s : new PrinterStatus[] {
            PrinterStatus.READY,
            new PrinterStatus(false, true, false, false, false, false, null),
            new PrinterStatus(false, false, true, true, false, false, null),
            new PrinterStatus(true, false, true, false, false, false, null)
        }) {
            byte[] r = s.realTimeBytes();
            assertThat(PrinterStatus.fromRealTime(r[0] & 0xFF, r[1] & 0xFF, r[2] & 0xFF, r[3] & 0xFF)
                            .state())
                    .isEqualTo(s.state());
            assertThat(PrinterStatus.fromAsb(s.asbBytes()).state()).isEqualTo(s.state());
        }
    }

    @Test
    void unreachableIsOfflineWithItsReasonAndCannotPrint() {
        PrinterStatus s = PrinterStatus.offline("cannot connect to tcp://10.0.0.9:9100: Connection refused");
        assertThat(s.state()).isEqualTo(State.OFFLINE);
        assertThat(s.canPrint()).isFalse();
        assertThat(s.reason()).contains("10.0.0.9");
    }
}
