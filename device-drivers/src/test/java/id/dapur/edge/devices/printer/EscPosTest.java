package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.devices.printer.PrintCommands.Align;
import id.dapur.edge.devices.printer.PrintCommands.Cut;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each command against the bytes the ESC/POS reference gives for it. */
class EscPosTest {

    private static EscPos epson() {
        return new EscPos(PrinterModel.EPSON_TM_T20);
    }

    static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void initializeIsEscAt() {
        assertThat(epson().init().bytes()).containsExactly(b(0x1B, 0x40));
    }

    @Test
    void stylesAndSizes() {
        assertThat(epson().bold(true).bold(false).bytes()).containsExactly(b(0x1B, 0x45, 1, 0x1B, 0x45, 0));
        assertThat(epson().underline(2).underline(0).bytes()).containsExactly(b(0x1B, 0x2D, 2, 0x1B, 0x2D, 0));
        assertThat(epson().reverse(true).bytes()).containsExactly(b(0x1D, 0x42, 1));
        assertThat(epson().size(2, 3).size(1, 1).size(8, 8).bytes())
                .containsExactly(b(0x1D, 0x21, 0x12, 0x1D, 0x21, 0x00, 0x1D, 0x21, 0x77));
        assertThat(epson().align(Align.LEFT)
                        .align(Align.CENTER)
                        .align(Align.RIGHT)
                        .bytes())
                .containsExactly(b(0x1B, 0x61, 0, 0x1B, 0x61, 1, 0x1B, 0x61, 2));
        assertThatThrownBy(() -> epson().size(9, 1)).hasMessageContaining("1..8");
        assertThatThrownBy(() -> epson().underline(3)).hasMessageContaining("0..2");
    }

    @Test
    void redOnATwoColourRibbonAndNothingAModelCannotPrint() {
        EscPos impact = new EscPos(PrinterModel.EPSON_TM_U220);
        assertThat(impact.red(true).red(false).bytes()).containsExactly(b(0x1B, 'r', 1, 0x1B, 'r', 0));
        assertThat(impact.size(2, 2).bytes()).endsWith(b(0x1D, '!', 0x11));
        assertThatThrownBy(() -> impact.size(3, 3)).hasMessageContaining("1..2 on epson-tm-u220");
        assertThatThrownBy(() -> impact.reverse(true)).hasMessage("epson-tm-u220 cannot print white on black");
        assertThatThrownBy(() -> impact.qr("x", 4, 'M')).hasMessage("epson-tm-u220 cannot print QR codes");
        assertThatThrownBy(() -> impact.code128("X1")).hasMessage("epson-tm-u220 cannot print barcodes");
        assertThatThrownBy(() -> impact.raster(new java.awt.image.BufferedImage(8, 8, 1), 480))
                .hasMessage("epson-tm-u220 cannot print raster images");
        assertThatThrownBy(() -> epson().red(true)).hasMessage("epson-tm-t20 cannot print red");
        assertThat(PrinterModel.EPSON_TM_U220.columns(76)).isEqualTo(40);
        assertThatThrownBy(() -> PrinterModel.EPSON_TM_U220.columns(80)).hasMessageContaining("takes paper of [76] mm");
        assertThat(PrinterModel.EPSON_TM_T88.columns(58)).isEqualTo(32);
    }

    @Test
    void asciiTextAndLineFeeds() {
        assertThat(epson().line("Nasi 2x").feed(3).bytes())
                .containsExactly(concat("Nasi 2x".getBytes(StandardCharsets.US_ASCII), b(0x0A, 0x1B, 0x64, 3)));
    }

    @Test
    void controlCharactersInTextAreDroppedSoTextCannotInjectCommands() {
        assertThat(epson().text("A\u001B@B\u001D\u0056\u0000C\u0085").bytes())
                .containsExactly("A@BVC".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void switchesToTheCodePageThatHasTheCharacter() {
        // é is 0x82 on PC437 (the page after ESC @); € is not on PC437 but is 0xD5 on PC858 (ESC t 19)
        assertThat(epson().text("é€é").bytes()).containsExactly(b(0x82, 0x1B, 0x74, 19, 0xD5, 0x82));
        // after ESC @ the printer is back on its first page, and so is the encoder
        assertThat(epson().text("€").init().text("é").bytes())
                .containsExactly(b(0x1B, 0x74, 19, 0xD5, 0x1B, 0x40, 0x82));
    }

    @Test
    void charactersNoPageHasAreReplacedAndCounted() {
        EscPos p = new EscPos(PrinterModel.GENERIC); // PC437 only
        p.text("ő€—漢");
        // ő → o (accent stripped), € → EUR, — → -, 漢 → ?
        assertThat(p.bytes()).containsExactly("oEUR-?".getBytes(StandardCharsets.US_ASCII));
        assertThat(p.replacedCharacters()).isEqualTo(4);
        EscPos emoji = new EscPos(PrinterModel.GENERIC).text("a\uD83C\uDF36b");
        assertThat(emoji.bytes()).containsExactly("a?b".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void qrCodeIsTheFiveFunctionSequenceOfGsParenK() {
        byte[] data = "https://d.id/o/1".getBytes(StandardCharsets.UTF_8); // 16 bytes
        assertThat(epson().qr("https://d.id/o/1", 6, 'M').bytes())
                .containsExactly(concat(
                        b(0x1D, 0x28, 0x6B, 4, 0, 0x31, 0x41, 0x32, 0x00), // fn 65: model 2
                        b(0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x43, 6), // fn 67: module size
                        b(0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x45, 0x31), // fn 69: error correction M
                        b(0x1D, 0x28, 0x6B, 19, 0, 0x31, 0x50, 0x30),
                        data, // fn 80: store, pL = 16 + 3
                        b(0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30))); // fn 81: print
        assertThatThrownBy(() -> epson().qr("x", 1, 'X')).hasMessageContaining("L, M, Q or H");
        assertThatThrownBy(() -> epson().qr("", 3, 'M')).hasMessageContaining("1..7089");
    }

    @Test
    void qrLengthOver255UsesTheHighByte() {
        String data = "x".repeat(300);
        byte[] out = epson().qr(data, 3, 'L').bytes();
        // fn 80 starts after 9 + 8 + 8 bytes: pL pH = (300 + 3) = 0x012F
        assertThat(out[25 + 3]).isEqualTo((byte) 0x2F);
        assertThat(out[25 + 4]).isEqualTo((byte) 0x01);
    }

    @Test
    void barcodes() {
        assertThat(epson().code128("T-12").bytes())
                .containsExactly(concat(
                        b(0x1D, 0x48, 2, 0x1D, 0x68, 80, 0x1D, 0x77, 2, 0x1D, 0x6B, 73, 6, '{', 'B'),
                        "T-12".getBytes(StandardCharsets.US_ASCII)));
        assertThat(epson().ean13("899123456789").bytes())
                .containsExactly(concat(
                        b(0x1D, 0x48, 2, 0x1D, 0x68, 80, 0x1D, 0x77, 2, 0x1D, 0x6B, 67, 12),
                        "899123456789".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> epson().ean13("12")).hasMessageContaining("12 digits");
    }

    @Test
    void rasterImageIsGsV0WithOneBitPerDotMsbFirst() {
        BufferedImage img = new BufferedImage(10, 2, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < 10; x++) {
            img.setRGB(x, 0, x % 2 == 0 ? 0xFF000000 : 0xFFFFFFFF); // row 0: black, white, black...
            img.setRGB(x, 1, x == 9 ? 0xFF000000 : 0x00000000); // row 1: only the last dot (transparent is white)
        }
        assertThat(epson().raster(img, 384).bytes())
                .containsExactly(b(0x1D, 0x76, 0x30, 0, 2, 0, 2, 0, 0b10101010, 0b10000000, 0b00000000, 0b01000000));
        assertThatThrownBy(() -> epson().raster(new BufferedImage(400, 1, BufferedImage.TYPE_INT_RGB), 384))
                .hasMessageContaining("384");
    }

    @Test
    void cutAndDrawer() {
        assertThat(epson().cut(Cut.FULL, 3).cut(Cut.PARTIAL, 0).bytes())
                .containsExactly(b(0x1D, 0x56, 65, 3, 0x1D, 0x56, 66, 0));
        assertThat(epson().drawerKick(2).drawerKick(5).bytes())
                .containsExactly(b(0x1B, 0x70, 0, 25, 250, 0x1B, 0x70, 1, 25, 250));
    }

    @Test
    void statusAndCompletionCommands() {
        assertThat(EscPos.STATUS_QUERY).containsExactly(b(0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4));
        assertThat(EscPos.CLEAR_BUFFERS).containsExactly(b(0x10, 0x14, 8, 1, 3, 20, 1, 6, 2, 8));
        assertThat(epson().automaticStatusBack(true).automaticStatusBack(false).bytes())
                .containsExactly(b(0x1D, 0x61, 0x0F, 0x1D, 0x61, 0));
        assertThat(epson().requestCompletion("A0Z9").bytes())
                .containsExactly(b(0x1D, 0x28, 0x48, 6, 0, 0x30, 0x30, 'A', '0', 'Z', '9'));
        assertThatThrownBy(() -> epson().requestCompletion("abc")).hasMessageContaining("4 characters");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
