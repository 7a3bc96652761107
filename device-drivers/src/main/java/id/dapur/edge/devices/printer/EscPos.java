package id.dapur.edge.devices.printer;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;

/**
 * Builds an ESC/POS byte stream for one printer model (text and code pages as {@link PrintCommands}
 * says, pages switched with {@code ESC t n}). A command the model cannot print (red on a thermal
 * printer, a QR code or white-on-black on an impact one) is refused with {@link IllegalStateException}.
 */
public final class EscPos extends PrintCommands<EscPos> {
    public static final byte ESC = 0x1B;
    public static final byte GS = 0x1D;
    public static final byte DLE = 0x10;
    public static final byte LF = 0x0A;

    /** Real-time status queries {@code DLE EOT 1..4}, sent together; the printer answers four bytes. */
    public static final byte[] STATUS_QUERY = {DLE, 4, 1, DLE, 4, 2, DLE, 4, 3, DLE, 4, 4};
    /** {@code DLE DC4 fn 8}: clear receive and print buffers (models that support it). */
    public static final byte[] CLEAR_BUFFERS = {DLE, 0x14, 8, 1, 3, 20, 1, 6, 2, 8};

    public EscPos(PrinterModel model) {
        super(model);
    }

    /** {@code ESC @}: back to power-on settings (and the model's first code page). */
    @Override
    public EscPos init() {
        raw(ESC, '@');
        page = model.codePages().get(0);
        return this;
    }

    /** {@code ESC E n}: emphasized (bold). */
    @Override
    public EscPos bold(boolean on) {
        return raw(ESC, 'E', on ? 1 : 0);
    }

    /** {@code ESC - n}: underline 0 (off), 1 or 2 dots. */
    @Override
    public EscPos underline(int dots) {
        check(dots >= 0 && dots <= 2, "underline must be 0..2 dots");
        return raw(ESC, '-', dots);
    }

    /** {@code GS B n}: white on black. */
    @Override
    public EscPos reverse(boolean on) {
        can(model.reversePrinting(), "white on black");
        return raw(GS, 'B', on ? 1 : 0);
    }

    /** {@code ESC r n}: red (the second colour of a two-colour ribbon) or black. */
    @Override
    public EscPos red(boolean on) {
        can(model.redPrinting(), "red");
        return raw(ESC, 'r', on ? 1 : 0);
    }

    /** {@code GS ! n}: character width and height multipliers, 1 to the model's largest (8 on thermal printers). */
    @Override
    public EscPos size(int width, int height) {
        checkSize(width, height);
        return raw(GS, '!', (width - 1) << 4 | (height - 1));
    }

    /** {@code ESC a n}. */
    @Override
    public EscPos align(Align a) {
        return raw(ESC, 'a', a.ordinal());
    }

    /** {@code ESC d n}: print and feed n lines. */
    @Override
    public EscPos feed(int lines) {
        check(lines >= 0 && lines <= 255, "feed must be 0..255 lines");
        return raw(ESC, 'd', lines);
    }

    /**
     * A QR code with {@code GS ( k}: model 2 (fn 65), module size (fn 67), error correction (fn 69),
     * store the data (fn 80), print (fn 81).
     */
    @Override
    public EscPos qr(String data, int moduleSize, char errorCorrection) {
        can(model.qrCodes(), "QR codes");
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        check(d.length > 0 && d.length <= 7089, "QR data must be 1..7089 bytes");
        check(moduleSize >= 1 && moduleSize <= 16, "QR module size must be 1..16");
        int ec = switch (errorCorrection) {
            case 'L' -> 48;
            case 'M' -> 49;
            case 'Q' -> 50;
            case 'H' -> 51;
            default -> throw new IllegalArgumentException("QR error correction must be L, M, Q or H");
        };
        raw(GS, '(', 'k', 4, 0, 49, 65, 50, 0);
        raw(GS, '(', 'k', 3, 0, 49, 67, moduleSize);
        raw(GS, '(', 'k', 3, 0, 49, 69, ec);
        int len = d.length + 3;
        raw(GS, '(', 'k', len & 0xFF, len >> 8, 49, 80, 48);
        out.writeBytes(d);
        return raw(GS, '(', 'k', 3, 0, 49, 81, 48);
    }

    /**
     * A CODE128 barcode (code set B) with {@code GS k 73}, human-readable text below ({@code GS H 2}),
     * 80 dots high ({@code GS h}), module width 2 ({@code GS w}).
     */
    @Override
    public EscPos code128(String data) {
        can(model.barcodes(), "barcodes");
        check(
                !data.isEmpty() && data.length() <= 253 && data.chars().allMatch(c -> c >= 0x20 && c < 0x7F),
                "CODE128 data must be 1..253 printable ASCII characters");
        raw(GS, 'H', 2);
        raw(GS, 'h', 80);
        raw(GS, 'w', 2);
        raw(GS, 'k', 73, data.length() + 2, '{', 'B');
        out.writeBytes(data.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** An EAN-13 barcode ({@code GS k 67}); 12 digits, the printer adds the check digit. */
    public EscPos ean13(String digits) {
        can(model.barcodes(), "barcodes");
        check(digits.matches("\\d{12}"), "EAN-13 needs 12 digits");
        raw(GS, 'H', 2);
        raw(GS, 'h', 80);
        raw(GS, 'w', 2);
        raw(GS, 'k', 67, 12);
        out.writeBytes(digits.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /**
     * A raster bit image with {@code GS v 0}: a dot is black where the pixel is opaque and darker than
     * mid-grey. The image must fit the paper: at most {@code maxDots} wide.
     */
    @Override
    public EscPos raster(BufferedImage image, int maxDots) {
        can(model.rasterImages(), "raster images");
        int w = image.getWidth();
        int h = image.getHeight();
        check(
                w <= maxDots && w > 0 && h > 0 && h <= 2303,
                "image must be 1.." + maxDots + " dots wide and 1..2303 high");
        int bytesPerRow = (w + 7) / 8;
        raw(GS, 'v', '0', 0, bytesPerRow & 0xFF, bytesPerRow >> 8, h & 0xFF, h >> 8);
        for (int y = 0; y < h; y++) {
            for (int xb = 0; xb < bytesPerRow; xb++) {
                int b = 0;
                for (int bit = 0; bit < 8; bit++) {
                    int x = xb * 8 + bit;
                    if (x < w && black(image.getRGB(x, y))) {
                        b |= 0x80 >> bit;
                    }
                }
                out.write(b);
            }
        }
        return this;
    }

    static boolean black(int argb) {
        int a = argb >>> 24;
        int r = argb >> 16 & 0xFF;
        int g = argb >> 8 & 0xFF;
        int b = argb & 0xFF;
        return a >= 128 && (r * 299 + g * 587 + b * 114) / 1000 < 128;
    }

    /** {@code GS V m n}: feed to the cutter plus {@code feed} dots, then cut. */
    @Override
    public EscPos cut(Cut cut, int feed) {
        check(feed >= 0 && feed <= 255, "cut feed must be 0..255");
        return raw(GS, 'V', cut == Cut.FULL ? 65 : 66, feed);
    }

    /** {@code ESC p m t1 t2}: pulse drawer pin 2 (m=0) or 5 (m=1) for 50 ms on, 500 ms off. */
    public EscPos drawerKick(int pin) {
        check(pin == 2 || pin == 5, "drawer pin must be 2 or 5");
        return raw(ESC, 'p', pin == 2 ? 0 : 1, 25, 250);
    }

    /** {@code GS a n}: Automatic Status Back on (drawer, online, error, paper) or off. */
    public EscPos automaticStatusBack(boolean on) {
        return raw(GS, 'a', on ? 0x0F : 0);
    }

    /**
     * {@code GS ( H fn 48}: the printer answers {@code 37 22 d1 d2 d3 d4 00} once everything before
     * it has been processed (printed). {@code id} is four printable ASCII characters.
     */
    public EscPos requestCompletion(String id) {
        check(
                id.length() == 4 && id.chars().allMatch(c -> c >= 0x30 && c <= 0x7E),
                "completion id must be 4 characters 0x30..0x7E");
        raw(GS, '(', 'H', 6, 0, 48, 48);
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    @Override
    protected void selectPage(CodePage p) {
        raw(ESC, 't', p.number());
    }
}
