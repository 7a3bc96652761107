package id.dapur.edge.devices.printer;

import static id.dapur.edge.devices.printer.EscPosTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.devices.printer.PrintCommands.Align;
import id.dapur.edge.devices.printer.PrintCommands.Cut;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Star raster mode byte for byte as Star's raster command specification gives it, and text drawn
 * dot for dot from the bundled font: a printer that prints only images gets no character codes.
 */
class StarRasterTest {
    static final PrinterModel TSP = PrinterModel.STAR_TSP100;
    static final BitmapFont FONT = BitmapFont.terminus();

    private static StarRaster raster() {
        return (StarRaster) PrintCommands.of(TSP, 80);
    }

    /** The rows of dots a job draws, blank moves included, checking that every byte is a raster command. */
    static List<byte[]> rows(byte[] job, int rowBytes) {
        List<byte[]> rows = new ArrayList<>();
        int i = 0;
        while (i < job.length) {
            int c = job[i] & 0xFF;
            if (c == 'b') {
                int k = (job[i + 1] & 0xFF) | (job[i + 2] & 0xFF) << 8;
                byte[] row = new byte[rowBytes];
                System.arraycopy(job, i + 3, row, 0, k);
                rows.add(row);
                i += 3 + k;
            } else if (c == 0x1B && job[i + 1] == '*' && job[i + 2] == 'r') {
                int cmd = job[i + 3];
                i += 4;
                if ("PEY".indexOf(cmd) >= 0) {
                    ByteArrayOutputStream digits = new ByteArrayOutputStream();
                    while (job[i] != 0) {
                        digits.write(job[i++]);
                    }
                    i++;
                    if (cmd == 'Y') {
                        for (int n = Integer.parseInt(digits.toString()); n > 0; n--) {
                            rows.add(new byte[rowBytes]);
                        }
                    }
                } else {
                    assertThat("RAB").contains(String.valueOf((char) cmd));
                }
            } else if (c == 0x1B && job[i + 1] == '@') {
                i += 2;
            } else if (c == 0x1B && job[i + 1] == 0x0C && job[i + 2] == 0) {
                i += 3;
            } else {
                throw new AssertionError("byte " + c + " at " + i + " is no raster command");
            }
        }
        return rows;
    }

    static boolean dot(byte[] row, int x) {
        return (row[x / 8] & (0x80 >> (x % 8))) != 0;
    }

    @Test
    void aJobEntersRasterModeSendsRowsCutsAndQuits() {
        byte[] job = raster().init().line("A").cut(Cut.PARTIAL, 0).bytes();
        assertThat(Arrays.copyOfRange(job, 0, 15))
                .containsExactly(b(0x1B, '@', 0x1B, '*', 'r', 'R', 0x1B, '*', 'r', 'A', 0x1B, '*', 'r', 'P', '0'));
        assertThat(job[15]).isZero();
        assertThat(Arrays.copyOfRange(job, job.length - 7, job.length))
                .as("end of page (feed and cut), then quit raster mode")
                .containsExactly(b(0x1B, 0x0C, 0, 0x1B, '*', 'r', 'B'));
        assertThat(rows(job, 72)).hasSize(24);
        assertThat(PrintCommands.of(TSP)).isInstanceOf(StarRaster.class);
    }

    @Test
    void textIsDrawnDotForDotFromTheFontAndNoCharacterCodeIsSent() {
        List<byte[]> rows = rows(raster().init().line("Hi").bytes(), 72);
        assertThat(rows).hasSize(24);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 24; x++) {
                assertThat(dot(rows.get(y), x))
                        .as("dot %d,%d", x, y)
                        .isEqualTo(FONT.dot(x < 12 ? 'H' : 'i', x % 12, y));
            }
            for (int x = 24; x < 576; x++) {
                assertThat(dot(rows.get(y), x)).isFalse();
            }
        }
        // a control character in text from an order never becomes a command
        assertThat(rows(raster().init().text("A\u001B@B").lf().bytes(), 72)).hasSize(24);
    }

    @Test
    void fortyEightColumnsFillEightyMillimetresAndTheFortyNinthWraps() {
        assertThat(rows(raster().init().line("x".repeat(48)).bytes(), 72)).hasSize(24);
        List<byte[]> wrapped = rows(raster().init().line("x".repeat(49)).bytes(), 72);
        assertThat(wrapped).hasSize(48);
        assertThat(FONT.width() * 48).isEqualTo(TSP.dots(80));
        assertThat(TSP.columns(80)).isEqualTo(48);
    }

    @Test
    void stylesAreDrawn() {
        byte[] plain = rows(raster().init().line("l").bytes(), 72).get(10);
        byte[] bold = rows(raster().init().bold(true).line("l").bytes(), 72).get(10);
        assertThat(count(bold)).as("bold is a dot wider").isGreaterThan(count(plain));
        List<byte[]> under = rows(raster().init().underline(1).line("x").bytes(), 72);
        assertThat(count(under.get(23))).as("underline: the cell's bottom rows").isEqualTo(12);
        List<byte[]> rev = rows(raster().init().reverse(true).line(" ").bytes(), 72);
        assertThat(rev)
                .allSatisfy(r -> assertThat(count(r)).as("white on black").isEqualTo(12));
        List<byte[]> big = rows(raster().init().size(2, 2).line("A").bytes(), 72);
        assertThat(big).as("twice as high").hasSize(48);
        List<byte[]> centred =
                rows(raster().init().align(Align.CENTER).line("I").bytes(), 72);
        int first = firstInk(centred);
        assertThat(first).isBetween(282, 294);
        List<byte[]> fed = rows(raster().init().line("A").feed(2).bytes(), 72);
        assertThat(fed).as("a line and two blank lines").hasSize(72);
    }

    @Test
    void codesAndImagesAreDrawnAndWhatCannotBeIsRefused() {
        List<byte[]> qr = rows(
                raster().init()
                        .align(Align.CENTER)
                        .qr("https://x.id/r/1", 4, 'M')
                        .bytes(),
                72);
        assertThat(qr.size()).isBetween(80, 200);
        assertThat(rows(raster().init().code128("ORD-12").bytes(), 72).size()).isEqualTo(80 + 24);
        java.awt.image.BufferedImage logo =
                new java.awt.image.BufferedImage(16, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        assertThat(rows(raster().init().raster(logo, 576).bytes(), 72)).hasSize(4);
        StarRaster s = raster();
        assertThatThrownBy(() -> s.red(true)).hasMessage("star-tsp100 cannot print red");
        assertThatThrownBy(() -> s.size(7, 1)).hasMessageContaining("1..6 on star-tsp100");
        assertThatThrownBy(() -> s.qr("x".repeat(500), 16, 'H')).hasMessageContaining("wider than the paper");
    }

    @Test
    void aCharacterTheFontLacksIsReplacedAndCounted() {
        StarRaster s = raster().init();
        s.line("é€中");
        assertThat(s.replacedCharacters())
                .as("中 drawn as ?; é and € are in the font")
                .isEqualTo(1);
        assertThat(rows(s.bytes(), 72)).hasSize(24);
        assertThat(FONT.has('é')).isTrue();
        assertThat(FONT.has('Ж')).isTrue();
        assertThat(FONT.has('€')).isTrue();
        assertThat(FONT.has('€')).isTrue();
        assertThat(FONT.has('中')).isFalse();
    }

    @Test
    void aFontFileThatIsNotPsf2OrCutShortIsRefused() {
        assertThatThrownBy(() -> BitmapFont.read(new byte[40])).hasMessage("not a PSF2 font");
        byte[] header = b(
                0x72, 0xB5, 0x4A, 0x86, 0, 0, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 48, 0, 0, 0, 24, 0, 0, 0, 12,
                0, 0, 0);
        assertThatThrownBy(() -> BitmapFont.read(header)).hasMessageContaining("cut short");
    }

    private static int count(byte[] row) {
        int n = 0;
        for (byte b : row) {
            n += Integer.bitCount(b & 0xFF);
        }
        return n;
    }

    private static int firstInk(List<byte[]> rows) {
        int first = Integer.MAX_VALUE;
        for (byte[] r : rows) {
            for (int x = 0; x < r.length * 8; x++) {
                if (dot(r, x)) {
                    first = Math.min(first, x);
                    break;
                }
            }
        }
        return first;
    }
}
