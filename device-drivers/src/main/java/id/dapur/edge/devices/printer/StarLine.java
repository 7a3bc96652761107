package id.dapur.edge.devices.printer;

import java.awt.image.BufferedImage;

/**
 * Builds a byte stream in Star's line mode (StarPRNT line-mode models: TSP650, TSP700, SP700…) for
 * one printer model: {@code ESC @} initialise, {@code ESC E}/{@code ESC F} emphasis, {@code ESC -}
 * underline, {@code ESC 4}/{@code ESC 5} white on black, {@code ESC i} expansion, {@code ESC GS a}
 * alignment, {@code ESC a} feed, {@code ESC d} cut, code pages with {@code ESC GS t}. What the model
 * has not is refused as by {@link EscPos}.
 */
public final class StarLine extends PrintCommands<StarLine> {
    public static final byte ESC = 0x1B;
    public static final byte GS = 0x1D;
    /** {@code ESC ACK SOH}: the printer answers with its automatic status block at once. */
    public static final byte[] STATUS_REQUEST = {ESC, 0x06, 0x01};

    public StarLine(PrinterModel model) {
        super(model);
    }

    /** {@code ESC @}. */
    @Override
    public StarLine init() {
        raw(ESC, '@');
        page = model.codePages().get(0);
        return selectFirstPage();
    }

    /** Star's power-on page is not PC437 on every model: the model's first page is selected after {@code ESC @}. */
    private StarLine selectFirstPage() {
        selectPage(page);
        return this;
    }

    /** {@code ESC E} / {@code ESC F}. */
    @Override
    public StarLine bold(boolean on) {
        return raw(ESC, on ? 'E' : 'F');
    }

    /** {@code ESC - n}: 0 off, 1 on (Star has one weight). */
    @Override
    public StarLine underline(int dots) {
        check(dots >= 0 && dots <= 2, "underline must be 0..2 dots");
        return raw(ESC, '-', dots == 0 ? 0 : 1);
    }

    /** {@code ESC 4} / {@code ESC 5}: white on black. */
    @Override
    public StarLine reverse(boolean on) {
        can(model.reversePrinting(), "white on black");
        return raw(ESC, on ? '4' : '5');
    }

    @Override
    public StarLine red(boolean on) {
        can(model.redPrinting(), "red");
        return this; // no Star model here prints red
    }

    /** {@code ESC i n1 n2}: height and width expansion, 1 to the model's largest (6). */
    @Override
    public StarLine size(int width, int height) {
        checkSize(width, height);
        return raw(ESC, 'i', height - 1, width - 1);
    }

    /** {@code ESC GS a n}. */
    @Override
    public StarLine align(Align a) {
        return raw(ESC, GS, 'a', a.ordinal());
    }

    /** {@code ESC a n}: feed n lines. */
    @Override
    public StarLine feed(int lines) {
        check(lines >= 0 && lines <= 127, "feed must be 0..127 lines on Star");
        return raw(ESC, 'a', lines);
    }

    /** {@code ESC d n}: feed to the cutter, then a full (2) or partial (3) cut; Star feeds to the cutter by itself. */
    @Override
    public StarLine cut(Cut cut, int feed) {
        return raw(ESC, 'd', cut == Cut.FULL ? 2 : 3);
    }

    @Override
    public StarLine qr(String data, int moduleSize, char errorCorrection) {
        can(model.qrCodes(), "QR codes");
        return this;
    }

    @Override
    public StarLine code128(String data) {
        can(model.barcodes(), "barcodes");
        return this;
    }

    @Override
    public StarLine raster(BufferedImage image, int maxDots) {
        can(model.rasterImages(), "raster images");
        return this;
    }

    /** {@code ESC GS t n}. */
    @Override
    protected void selectPage(CodePage p) {
        check(p.starNumber() >= 0, p + " is not a Star code page");
        raw(ESC, GS, 't', p.starNumber());
    }
}
