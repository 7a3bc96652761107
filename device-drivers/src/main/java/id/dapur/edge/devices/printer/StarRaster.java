package id.dapur.edge.devices.printer;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chit for a printer that prints only raster images (Star's TSP100 family, Star raster mode): text
 * is drawn dot by dot with {@link BitmapFont#terminus()} in 12×24 cells, the cell of Font A, so 48
 * columns fill 576 dots as on any 80 mm printer; bold is drawn one dot wider, underline as the cell's
 * two bottom rows, white on black inverted, sizes by repeating dots; QR codes, barcodes and images are
 * drawn too. A line is sent when it ends (or fills the paper, wrapping like a printer's own font), as
 * raster rows.
 *
 * <p>The bytes, as Star's raster command specification has them: {@code ESC @}, {@code ESC * r R}
 * (raster defaults), {@code ESC * r A} (enter raster mode), {@code ESC * r P 0 NUL} (continuous paper,
 * no page length); then per row of dots {@code b n1 n2 d1…dk} (k = n1 + 256·n2 bytes, leftmost dot in
 * the high bit, trailing blank bytes left off), a run of blank rows as {@code ESC * r Y n NUL} (move n
 * dots, n in decimal digits); a cut is {@code ESC FF NUL} (end of page: feed and cut as the printer is
 * set); and last {@code ESC * r B} (quit raster mode).
 */
public final class StarRaster extends PrintCommands<StarRaster> {
    static final int ESC = 0x1B;
    /** {@code ESC * r B}: quit raster mode, written after everything else by {@link #bytes()}. */
    static final byte[] QUIT = {ESC, '*', 'r', 'B'};

    private final int dots;
    private final BitmapFont font = BitmapFont.terminus();
    private final List<Cell> line = new ArrayList<>();
    private int lineWidth;
    private boolean bold;
    private boolean underline;
    private boolean reverse;
    private int width = 1;
    private int height = 1;
    private Align align = Align.LEFT;
    private int blankRows;
    private boolean entered;

    /** One character on the line being built, with the style it was written in. */
    private record Cell(int codePoint, boolean bold, boolean underline, boolean reverse, int width, int height) {}

    StarRaster(PrinterModel model, int dots) {
        super(model);
        this.dots = dots;
    }

    /** Dots across the paper. */
    public int dots() {
        return dots;
    }

    @Override
    public StarRaster init() {
        endLine(false);
        flushBlank();
        raw(ESC, '@');
        raw(ESC, '*', 'r', 'R');
        raw(ESC, '*', 'r', 'A');
        raw(ESC, '*', 'r', 'P', '0', 0);
        entered = true;
        bold = underline = reverse = false;
        width = height = 1;
        align = Align.LEFT;
        return this;
    }

    @Override
    public StarRaster bold(boolean on) {
        bold = on;
        return this;
    }

    @Override
    public StarRaster underline(int dots) {
        check(dots >= 0 && dots <= 2, "underline must be 0, 1 or 2 dots");
        underline = dots > 0;
        return this;
    }

    @Override
    public StarRaster reverse(boolean on) {
        reverse = on;
        return this;
    }

    @Override
    public StarRaster red(boolean on) {
        can(!on || model.redPrinting(), "red");
        return this;
    }

    @Override
    public StarRaster size(int width, int height) {
        checkSize(width, height);
        this.width = width;
        this.height = height;
        return this;
    }

    @Override
    public StarRaster align(Align a) {
        align = a;
        return this;
    }

    @Override
    public StarRaster feed(int lines) {
        check(lines >= 0 && lines <= 255, "feed must be 0..255 lines");
        for (int i = 0; i < lines; i++) {
            lf();
        }
        return this;
    }

    @Override
    public StarRaster cut(Cut cut, int feed) {
        check(feed >= 0 && feed <= 255, "feed must be 0..255 dots");
        endLine(false);
        blankRows += feed;
        flushBlank();
        raw(ESC, 0x0C, 0);
        return this;
    }

    @Override
    public StarRaster qr(String data, int moduleSize, char errorCorrection) {
        check(moduleSize >= 1 && moduleSize <= 16, "QR module size must be 1..16");
        ErrorCorrectionLevel level = switch (errorCorrection) {
            case 'L' -> ErrorCorrectionLevel.L;
            case 'M' -> ErrorCorrectionLevel.M;
            case 'Q' -> ErrorCorrectionLevel.Q;
            case 'H' -> ErrorCorrectionLevel.H;
            default -> throw new IllegalArgumentException("QR error correction must be L, M, Q or H");
        };
        check(!data.isEmpty() && data.length() <= 1024, "QR data must be 1..1024 characters");
        try {
            Map<EncodeHintType, Object> hints = Map.of(
                    EncodeHintType.ERROR_CORRECTION,
                    level,
                    EncodeHintType.CHARACTER_SET,
                    StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN,
                    0);
            BitMatrix raw = new QRCodeWriter().encode(data, BarcodeFormat.QR_CODE, 0, 0, hints);
            int size = raw.getWidth() * moduleSize;
            check(size <= dots, "QR code of " + size + " dots is wider than the paper's " + dots);
            return matrix(new QRCodeWriter().encode(data, BarcodeFormat.QR_CODE, size, size, hints));
        } catch (WriterException e) {
            throw new IllegalArgumentException("QR data cannot be encoded: " + e.getMessage());
        }
    }

    @Override
    public StarRaster code128(String data) {
        check(!data.isEmpty() && data.length() <= 64, "barcode data must be 1..64 characters");
        BitMatrix m;
        try {
            m = new Code128Writer().encode(data, BarcodeFormat.CODE_128, 0, 80);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("barcode data cannot be encoded: " + e.getMessage());
        }
        int scale = Math.max(1, Math.min(3, dots / m.getWidth()));
        check(m.getWidth() <= dots, "barcode of " + m.getWidth() + " dots is wider than the paper's " + dots);
        BitMatrix scaled = new BitMatrix(m.getWidth() * scale, m.getHeight());
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < scaled.getWidth(); x++) {
                if (m.get(x / scale, y)) {
                    scaled.set(x, y);
                }
            }
        }
        matrix(scaled);
        return line(data);
    }

    @Override
    public StarRaster raster(BufferedImage image, int maxDots) {
        check(maxDots >= 8 && maxDots <= dots, "raster width must be 8.." + dots + " dots");
        int w = image.getWidth();
        int h = image.getHeight();
        check(
                w <= maxDots && w > 0 && h > 0 && h <= 2303,
                "image must be 1.." + maxDots + " dots wide and 1..2303 high");
        return picture(w, h, (x, y) -> EscPos.black(image.getRGB(x, y)));
    }

    private StarRaster matrix(BitMatrix m) {
        return picture(m.getWidth(), m.getHeight(), m::get);
    }

    /** Which dots of a picture are ink. */
    private interface Dots {
        boolean ink(int x, int y);
    }

    /** A picture {@code w} by {@code h} dots on lines of its own, aligned as text is. */
    private StarRaster picture(int w, int h, Dots dots) {
        endLine(false);
        int left = offset(w);
        for (int y = 0; y < h; y++) {
            byte[] row = new byte[this.dots / 8];
            for (int x = 0; x < w; x++) {
                if (dots.ink(x, y)) {
                    setDot(row, left + x);
                }
            }
            row(row);
        }
        return this;
    }

    @Override
    protected void selectPage(CodePage p) {
        // text is drawn: no code pages
    }

    @Override
    protected void put(char c) {
        if (font.has(c)) {
            cell(c);
            return;
        }
        String spelled = replacement(c, r -> font.has(r));
        for (int i = 0; i < spelled.length(); i++) {
            cell(spelled.charAt(i));
        }
    }

    private void cell(int codePoint) {
        int w = font.width() * width;
        if (lineWidth + w > dots) {
            endLine(false); // the paper is full: wrap, as a printer's own font does
        }
        line.add(new Cell(codePoint, bold, underline, reverse, width, height));
        lineWidth += w;
    }

    @Override
    public StarRaster lf() {
        endLine(true);
        return this;
    }

    /** The job so far, ending raster mode; the builder can go on afterwards. */
    @Override
    public byte[] bytes() {
        endLine(false);
        flushBlank();
        byte[] body = out.toByteArray();
        if (!entered) {
            return body;
        }
        byte[] all = new byte[body.length + QUIT.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(QUIT, 0, all, body.length, QUIT.length);
        return all;
    }

    /** Draws the line being built, if any; {@code feed}: an empty line is blank at the current height. */
    private void endLine(boolean feed) {
        if (line.isEmpty()) {
            if (feed) {
                blankRows += font.height() * height;
            }
            return;
        }
        int rows = line.stream().mapToInt(Cell::height).max().orElse(1) * font.height();
        int left = offset(lineWidth);
        for (int y = 0; y < rows; y++) {
            byte[] row = new byte[dots / 8];
            int x = left;
            for (Cell c : line) {
                draw(row, c, x, y, rows);
                x += font.width() * c.width();
            }
            row(row);
        }
        line.clear();
        lineWidth = 0;
    }

    /** Row {@code y} of a cell, its glyph standing on the line's bottom like a printer's baseline. */
    private void draw(byte[] row, Cell c, int x0, int y, int rows) {
        int cellRows = font.height() * c.height();
        int top = rows - cellRows;
        int cw = font.width() * c.width();
        int g = font.glyph(c.codePoint());
        int gy = (y - top) / c.height();
        boolean under = c.underline() && y >= rows - 2 * c.height();
        for (int dx = 0; dx < cw; dx++) {
            boolean ink = false;
            if (y >= top) {
                ink = under
                        || font.glyphDot(g, dx / c.width(), gy)
                        || (c.bold() && dx >= c.width() && font.glyphDot(g, (dx - c.width()) / c.width(), gy));
            }
            if (c.reverse()) {
                ink = !ink;
            }
            if (ink && x0 + dx < dots) {
                setDot(row, x0 + dx);
            }
        }
    }

    private int offset(int width) {
        return switch (align) {
            case LEFT -> 0;
            case CENTER -> Math.max(0, (dots - width) / 2);
            case RIGHT -> Math.max(0, dots - width);
        };
    }

    private static void setDot(byte[] row, int x) {
        row[x / 8] |= (byte) (0x80 >> (x % 8));
    }

    /** One row of dots: blank rows gather into one vertical move; a row is sent without its blank tail. */
    private void row(byte[] row) {
        int k = row.length;
        while (k > 0 && row[k - 1] == 0) {
            k--;
        }
        if (k == 0) {
            blankRows++;
            return;
        }
        flushBlank();
        raw('b', k & 0xFF, k >> 8);
        out.write(row, 0, k);
    }

    private void flushBlank() {
        while (blankRows > 0) {
            int n = Math.min(blankRows, 255);
            raw(ESC, '*', 'r', 'Y');
            for (byte d : Integer.toString(n).getBytes(StandardCharsets.US_ASCII)) {
                out.write(d);
            }
            out.write(0);
            blankRows -= n;
        }
    }
}
