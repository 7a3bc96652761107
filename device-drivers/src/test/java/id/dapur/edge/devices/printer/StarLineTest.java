package id.dapur.edge.devices.printer;

import static id.dapur.edge.devices.printer.EscPosTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.devices.printer.PrintCommands.Align;
import id.dapur.edge.devices.printer.PrintCommands.Cut;
import org.junit.jupiter.api.Test;

/** Star line mode, byte for byte as Star's line mode command specification gives it, and Star's status block. */
class StarLineTest {
    static final PrinterModel STAR = PrinterModel.STAR_PRNT;

    @Test
    void commandsAreStarsNotEscPos() {
        assertThat(new StarLine(STAR).init().bytes()).containsExactly(b(0x1B, '@', 0x1B, 0x1D, 't', 1));
        assertThat(new StarLine(STAR).bold(true).bold(false).bytes()).containsExactly(b(0x1B, 'E', 0x1B, 'F'));
        assertThat(new StarLine(STAR).underline(1).underline(0).bytes()).containsExactly(b(0x1B, '-', 1, 0x1B, '-', 0));
        assertThat(new StarLine(STAR).reverse(true).reverse(false).bytes()).containsExactly(b(0x1B, '4', 0x1B, '5'));
        assertThat(new StarLine(STAR).size(2, 3).bytes())
                .as("ESC i height-1 width-1")
                .containsExactly(b(0x1B, 'i', 2, 1));
        assertThat(new StarLine(STAR).align(Align.CENTER).bytes()).containsExactly(b(0x1B, 0x1D, 'a', 1));
        assertThat(new StarLine(STAR)
                        .feed(3)
                        .cut(Cut.PARTIAL, 0)
                        .cut(Cut.FULL, 0)
                        .bytes())
                .containsExactly(b(0x1B, 'a', 3, 0x1B, 'd', 3, 0x1B, 'd', 2));
        // é is on PC437 (Star's page 1); € is not, but is on PC858 (Star's page 4)
        assertThat(new StarLine(STAR).text("é€").bytes()).containsExactly(b(0x82, 0x1B, 0x1D, 't', 4, 0xD5));
        assertThat(new StarLine(STAR).text("A\u001B@B").bytes())
                .as("no command from text")
                .containsExactly(b('A', '@', 'B'));
        assertThat(PrintCommands.of(STAR)).isInstanceOf(StarLine.class);
        assertThat(PrintCommands.of(PrinterModel.EPSON_TM_T20)).isInstanceOf(EscPos.class);
    }

    @Test
    void whatTheModelHasNotIsRefused() {
        StarLine s = new StarLine(STAR);
        assertThatThrownBy(() -> s.size(7, 1)).hasMessageContaining("1..6 on star-prnt");
        assertThatThrownBy(() -> s.qr("x", 4, 'M')).hasMessage("star-prnt cannot print QR codes");
        assertThatThrownBy(() -> s.red(true)).hasMessage("star-prnt cannot print red");
        assertThatThrownBy(() -> s.raster(new java.awt.image.BufferedImage(8, 8, 1), 576))
                .hasMessage("star-prnt cannot print raster images");
        assertThat(s.bytes()).isEmpty();
    }

    @Test
    void starsStatusBlockCarriesItsLengthAndTheFaults() {
        assertThat(PrinterStatus.starAsbLength((byte) 0x23)).isEqualTo(9);
        assertThat(PrinterStatus.starAsbLength((byte) 0x0F)).isEqualTo(7);
        assertThat(PrinterStatus.isStarAsbHeader((byte) 0x23)).isTrue();
        assertThat(PrinterStatus.isStarAsbHeader((byte) 0x12))
                .as("an ESC/POS real-time byte")
                .isFalse();
        PrinterStatus[] states = {
            PrinterStatus.READY,
            new PrinterStatus(true, true, false, false, false, false, null),
            new PrinterStatus(true, false, true, false, false, false, null),
            new PrinterStatus(true, false, false, true, false, false, null),
            new PrinterStatus(false, false, false, false, false, false, null),
            new PrinterStatus(true, false, false, false, true, false, null)
        };
        for (PrinterStatus s : states) {
            assertThat(PrinterStatus.fromStarAsb(s.starAsbBytes())).isEqualTo(s);
        }
        assertThat(PrinterStatus.fromStarAsb(b(0x23, 0x06, 0x20, 0, 0, 0, 0, 0, 0))
                        .state())
                .isEqualTo(PrinterStatus.State.COVER_OPEN);
        assertThat(PrinterStatus.fromStarAsb(b(0x23, 0x06, 0, 0, 0, 0x08, 0, 0, 0))
                        .state())
                .isEqualTo(PrinterStatus.State.PAPER_OUT);
        assertThat(PrinterStatus.fromStarAsb(b(0x23, 0x06, 0, 0, 0, 0x04, 0, 0, 0))
                        .state())
                .isEqualTo(PrinterStatus.State.PAPER_LOW);
        assertThat(PrinterStatus.fromStarAsb(b(0x23, 0x06, 0, 0x08, 0, 0, 0, 0, 0))
                        .state())
                .as("auto-cutter error")
                .isEqualTo(PrinterStatus.State.ERROR);
        assertThatThrownBy(() -> PrinterStatus.fromStarAsb(b(0x23, 0x06, 0)))
                .hasMessageContaining("not a Star status block");
    }
}
