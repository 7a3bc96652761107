package id.dapur.edge.devices.printer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a printer model can do, as far as the agent cares: which code pages it has (first is the one
 * after {@code ESC @}), whether it sends Automatic Status Back ({@code GS a}), confirms processing
 * with {@code GS ( H} fn 48, clears its buffers with {@code DLE DC4} fn 8, prints QR codes, barcodes,
 * raster images and white-on-black ({@code GS B}), prints red ({@code ESC r}: a two-colour ribbon),
 * how far it enlarges characters, and the paper it takes with its columns. {@link EscPos} refuses what
 * the model cannot print. Names must match the {@code printers[].model} values firmware-config accepts.
 */
public enum PrinterModel {
    /** An unknown ESC/POS printer: real-time status only, no completion, PC437 only. */
    GENERIC(
            "generic",
            Language.ESC_POS,
            List.of(CodePage.PC437),
            Abilities.THERMAL.withoutStatusExtras(),
            Paper.THERMAL),
    EPSON_TM_T20("epson-tm-t20", Language.ESC_POS, Pages.EPSON, Abilities.THERMAL, Paper.THERMAL),
    EPSON_TM_T88("epson-tm-t88", Language.ESC_POS, Pages.EPSON, Abilities.THERMAL, Paper.THERMAL),
    EPSON_TM_M30("epson-tm-m30", Language.ESC_POS, Pages.EPSON, Abilities.THERMAL, Paper.THERMAL),
    /** Common 58/80 mm clones (Xprinter and alike): real-time status, no ASB or completion. */
    XPRINTER(
            "xprinter",
            Language.ESC_POS,
            List.of(CodePage.PC437, CodePage.PC850, CodePage.WPC1252, CodePage.PC866),
            Abilities.THERMAL.withoutStatusExtras(),
            Paper.THERMAL),
    /**
     * Epson TM-U220, the impact printer kitchens keep near the grill (thermal paper blackens in the
     * heat): a red and black ribbon, 40 columns of its default font on 76 mm paper, characters at most
     * twice as wide and high, real-time status and ASB; no raster graphics, QR codes, barcodes or
     * white-on-black, no completion confirmation or buffer clearing. It prints a few lines a second,
     * so a burst queues at the spooler.
     */
    EPSON_TM_U220("epson-tm-u220", Language.ESC_POS, Pages.EPSON, Abilities.IMPACT, List.of(new Paper(76, 40, 480))),
    /**
     * A Star printer in line mode (StarPRNT / Star Line Mode: TSP650II, TSP700II, TSP800II, SP700…):
     * not ESC/POS. Text, emphasis, underline, white on black, characters up to 6×, cut, Star's code
     * pages, and status from Star's status block, asked with {@code ESC ACK SOH}; no completion
     * confirmation or buffer clearing; QR codes, barcodes and logos not sent.
     */
    STAR_PRNT("star-prnt", Language.STAR_LINE, Pages.STAR, Abilities.STAR, Paper.THERMAL),
    /**
     * Star's TSP100 family (TSP143, TSP143III, TSP143IV: the printers beside iPad tills): Star's
     * raster mode only, so the agent draws each chit as an image ({@link StarRaster}) with its own font,
     * 48 columns of 12×24 dots on 80 mm paper; bold, underline, white on black, characters up to 6×,
     * QR codes, barcodes and logos all drawn; one colour; cut by the printer's end-of-page setting;
     * status from Star's status block; no completion confirmation or buffer clearing.
     */
    STAR_TSP100("star-tsp100", Language.STAR_RASTER, List.of(CodePage.PC437), Abilities.RASTER_ONLY, Paper.THERMAL);

    /** The command language a model speaks. */
    public enum Language {
        /** Epson's ESC/POS ({@link EscPos}). */
        ESC_POS,
        /** Star's line mode, StarPRNT's text commands ({@link StarLine}). */
        STAR_LINE,
        /** Star's raster mode: images only ({@link StarRaster}). */
        STAR_RASTER
    }

    /** The paper a model takes: its width, the columns of its default font, the dots across (for drawing). */
    public record Paper(int widthMm, int columns, int dots) {
        static final List<Paper> THERMAL = List.of(new Paper(58, 32, 384), new Paper(80, 48, 576));
    }

    private record Abilities(
            boolean asb,
            boolean completion,
            boolean clearBuffer,
            boolean qr,
            boolean barcodes,
            boolean raster,
            boolean reverse,
            boolean red,
            int maxMagnification) {
        static final Abilities THERMAL = new Abilities(true, true, true, true, true, true, true, false, 8);
        static final Abilities IMPACT = new Abilities(true, false, false, false, false, false, false, true, 2);
        static final Abilities STAR = new Abilities(false, false, false, false, false, false, true, false, 6);
        static final Abilities RASTER_ONLY = new Abilities(false, false, false, true, true, true, true, false, 6);

        Abilities withoutStatusExtras() {
            return new Abilities(false, false, false, qr, barcodes, raster, reverse, red, maxMagnification);
        }
    }

    private static final class Pages {
        static final List<CodePage> EPSON = List.of(
                CodePage.PC437,
                CodePage.PC858,
                CodePage.PC850,
                CodePage.WPC1252,
                CodePage.PC852,
                CodePage.PC866,
                CodePage.PC860,
                CodePage.PC865);
        /** Star's table has no PC850. */
        static final List<CodePage> STAR = List.of(
                CodePage.PC437,
                CodePage.PC858,
                CodePage.WPC1252,
                CodePage.PC852,
                CodePage.PC866,
                CodePage.PC860,
                CodePage.PC865);
    }

    private final String id;
    private final Language language;
    private final List<CodePage> codePages;
    private final Abilities can;
    private final List<Paper> papers;

    PrinterModel(String id, Language language, List<CodePage> codePages, Abilities can, List<Paper> papers) {
        this.id = id;
        this.language = language;
        this.codePages = codePages;
        this.can = can;
        this.papers = papers;
    }

    public String id() {
        return id;
    }

    public List<CodePage> codePages() {
        return codePages;
    }

    public boolean automaticStatusBack() {
        return can.asb();
    }

    public boolean completionConfirmation() {
        return can.completion();
    }

    public boolean clearsBuffer() {
        return can.clearBuffer();
    }

    public boolean qrCodes() {
        return can.qr();
    }

    public boolean barcodes() {
        return can.barcodes();
    }

    /** Raster bit images ({@code GS v 0}): a logo. */
    public boolean rasterImages() {
        return can.raster();
    }

    /** White on black ({@code GS B}). */
    public boolean reversePrinting() {
        return can.reverse();
    }

    /** A second colour ({@code ESC r 1}): red on a red and black ribbon. */
    public boolean redPrinting() {
        return can.red();
    }

    /** The largest character width or height multiplier ({@code GS !}). */
    public int maxMagnification() {
        return can.maxMagnification();
    }

    public Language language() {
        return language;
    }

    /** A Star printer: its status comes in Star's status block, asked for with {@code ESC ACK SOH}. */
    public boolean star() {
        return language != Language.ESC_POS;
    }

    /** Whether it prints only raster images, so text must be drawn (and no text command is ever sent). */
    public boolean rasterOnly() {
        return language == Language.STAR_RASTER;
    }

    /** The paper widths it takes, in mm. */
    public List<Integer> widths() {
        return papers.stream().map(Paper::widthMm).toList();
    }

    /** Its default font's characters per line on paper this wide. */
    public int columns(int widthMm) {
        return paper(widthMm).columns();
    }

    /** Dots across paper this wide (for drawing what it printed). */
    public int dots(int widthMm) {
        return paper(widthMm).dots();
    }

    private Paper paper(int widthMm) {
        return papers.stream()
                .filter(p -> p.widthMm() == widthMm)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        id + " takes paper of " + widths() + " mm, not " + widthMm + " mm"));
    }

    public static Optional<PrinterModel> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
