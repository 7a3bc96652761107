package id.dapur.edge.devices.printer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a printer model can do, as far as the agent cares: which code pages it has (first is the one
 * after {@code ESC @}), whether it sends Automatic Status Back ({@code GS a}), confirms processing
 * with {@code GS ( H} fn 48, clears its buffers with {@code DLE DC4} fn 8, prints QR codes.
 * Names must match the {@code printers[].model} values firmware-config accepts.
 */
public enum PrinterModel {
    /** An unknown ESC/POS printer: real-time status only, no completion, PC437 only. */
    GENERIC("generic", List.of(CodePage.PC437), false, false, false, true),
    EPSON_TM_T20(
            "epson-tm-t20",
            List.of(
                    CodePage.PC437,
                    CodePage.PC858,
                    CodePage.PC850,
                    CodePage.WPC1252,
                    CodePage.PC852,
                    CodePage.PC866,
                    CodePage.PC860,
                    CodePage.PC865),
            true,
            true,
            true,
            true),
    EPSON_TM_T88("epson-tm-t88", EPSON_TM_T20.codePages, true, true, true, true),
    EPSON_TM_M30("epson-tm-m30", EPSON_TM_T20.codePages, true, true, true, true),
    /** Common 58/80 mm clones (Xprinter and alike): real-time status, no ASB or completion. */
    XPRINTER(
            "xprinter",
            List.of(CodePage.PC437, CodePage.PC850, CodePage.WPC1252, CodePage.PC866),
            false,
            false,
            false,
            true);

    private final String id;
    private final List<CodePage> codePages;
    private final boolean asb;
    private final boolean completion;
    private final boolean clearBuffer;
    private final boolean qr;

    PrinterModel(
            String id, List<CodePage> codePages, boolean asb, boolean completion, boolean clearBuffer, boolean qr) {
        this.id = id;
        this.codePages = codePages;
        this.asb = asb;
        this.completion = completion;
        this.clearBuffer = clearBuffer;
        this.qr = qr;
    }

    public String id() {
        return id;
    }

    public List<CodePage> codePages() {
        return codePages;
    }

    public boolean automaticStatusBack() {
        return asb;
    }

    public boolean completionConfirmation() {
        return completion;
    }

    public boolean clearsBuffer() {
        return clearBuffer;
    }

    public boolean qrCodes() {
        return qr;
    }

    /** Printable dots per line for a paper width in mm (Font A is 12 dots wide). */
    public static int dots(int widthMm) {
        return widthMm == 58 ? 384 : 576;
    }

    /** Font A characters per line for a paper width in mm. */
    public static int columns(int widthMm) {
        return widthMm == 58 ? 32 : 48;
    }

    public static Optional<PrinterModel> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
