package id.dapur.edge.devices.printer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.text.Normalizer;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a template says to a printer, in the model's own command language ({@link EscPos} or Star's
 * line mode, {@link StarLine}): styles, sizes, alignment, text, feed and cut. Text is written in the
 * code page that has each character, switching among the model's pages; a character no page has is
 * replaced (accents stripped, common symbols spelled out, else {@code ?}) and counted. Control
 * characters in text are dropped, so text from an order can never smuggle in a printer command. A
 * command the model cannot print is refused with {@link IllegalStateException}: a template asks the
 * model first.
 */
public abstract class PrintCommands<T extends PrintCommands<T>> {
    private static final Map<Character, String> SPELLED = Map.of(
            '€', "EUR", '“', "\"", '”', "\"", '‘', "'", '’', "'", '–', "-", '—', "-", '…', "...", '•', "*", '×', "x");

    public enum Align {
        LEFT,
        CENTER,
        RIGHT
    }

    public enum Cut {
        FULL,
        PARTIAL
    }

    protected final PrinterModel model;
    protected final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    protected CodePage page;
    private int replaced;

    protected PrintCommands(PrinterModel model) {
        this.model = model;
        this.page = model.codePages().get(0);
    }

    /** The builder for the model's command language, on the widest paper it takes. */
    public static PrintCommands<?> of(PrinterModel model) {
        return of(model, model.widths().get(model.widths().size() - 1));
    }

    /** The builder for the model's command language, on paper this wide (raster models draw to its dots). */
    public static PrintCommands<?> of(PrinterModel model, int widthMm) {
        return switch (model.language()) {
            case ESC_POS -> new EscPos(model);
            case STAR_LINE -> new StarLine(model);
            case STAR_RASTER -> new StarRaster(model, model.dots(widthMm));
        };
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    public PrinterModel model() {
        return model;
    }

    /** Back to power-on settings (and the model's first code page). */
    public abstract T init();

    public abstract T bold(boolean on);

    /** Underline 0 (off), 1 or 2 dots. */
    public abstract T underline(int dots);

    /** White on black. */
    public abstract T reverse(boolean on);

    /** Red (the second colour of a two-colour ribbon) or black. */
    public abstract T red(boolean on);

    /** Character width and height multipliers, 1 to the model's largest. */
    public abstract T size(int width, int height);

    public abstract T align(Align a);

    /** Print and feed {@code lines} lines. */
    public abstract T feed(int lines);

    /** Feed to the cutter plus {@code feed} dots (where the language has it), then cut. */
    public abstract T cut(Cut cut, int feed);

    public abstract T qr(String data, int moduleSize, char errorCorrection);

    public abstract T code128(String data);

    public abstract T raster(BufferedImage image, int maxDots);

    /** Writes the command that selects {@code p} as the page for the characters that follow. */
    protected abstract void selectPage(CodePage p);

    /** Text in the current style; see the class comment for characters no page has. */
    public T text(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                lf();
            } else if (Character.isLowSurrogate(c)) {
                continue; // its high surrogate was already replaced
            } else if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0)) {
                put(c);
            }
        }
        return self();
    }

    /** Text and a line feed. */
    public T line(String s) {
        return text(s).lf();
    }

    public T lf() {
        out.write(0x0A);
        return self();
    }

    /** How many characters so far had to be replaced because no code page of the model has them. */
    public int replacedCharacters() {
        return replaced;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** Writes one printable character of text in the current style. */
    protected void put(char c) {
        int b = page.encode(c);
        if (b >= 0) {
            out.write(b);
            return;
        }
        for (CodePage p : model.codePages()) {
            int pb = p.encode(c);
            if (pb >= 0) {
                selectPage(p);
                page = p;
                out.write(pb);
                return;
            }
        }
        String spelled = replacement(c, r -> page.encode(r) >= 0);
        for (int i = 0; i < spelled.length(); i++) {
            out.write(page.encode(spelled.charAt(i)));
        }
    }

    /**
     * What is printed for a character the printer cannot print (counted): common symbols spelled out,
     * else the letter without its accents if {@code printable}, else {@code ?}.
     */
    protected String replacement(char c, Predicate<Character> printable) {
        replaced++;
        String spelled = SPELLED.get(c);
        if (spelled != null) {
            return spelled;
        }
        String stripped =
                Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return !stripped.isEmpty() && printable.test(stripped.charAt(0)) ? stripped.substring(0, 1) : "?";
    }

    protected T raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return self();
    }

    /** Refuses a character size beyond the model's largest. */
    protected void checkSize(int width, int height) {
        int max = model.maxMagnification();
        check(
                width >= 1 && width <= max && height >= 1 && height <= max,
                "character size must be 1.." + max + " on " + model.id());
    }

    protected void can(boolean able, String what) {
        if (!able) {
            throw new IllegalStateException(model.id() + " cannot print " + what);
        }
    }

    protected static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
