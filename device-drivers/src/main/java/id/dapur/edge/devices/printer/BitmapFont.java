package id.dapur.edge.devices.printer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A fixed-cell bitmap font read from a PC Screen Font 2 file (the Linux console's format): glyph
 * bitmaps, one bit per dot, rows padded to whole bytes, most significant bit leftmost, and the
 * Unicode table that says which characters each glyph draws. The agent draws text with it where a
 * printer takes only raster images, so what a chit looks like never depends on the fonts a machine
 * happens to have. {@link #terminus()} is Terminus Font's 12×24 face, the cell of an ESC/POS printer's
 * Font A.
 */
public final class BitmapFont {
    private static final int PSF2_MAGIC = 0x864AB572;
    private static final int HAS_UNICODE_TABLE = 1;
    private static final String TERMINUS = "terminus-24x12.psf.gz";

    private final int width;
    private final int height;
    private final int rowBytes;
    private final byte[] glyphs;
    private final int glyphBytes;
    private final Map<Integer, Integer> glyphOf;

    private BitmapFont(int width, int height, byte[] glyphs, int glyphBytes, Map<Integer, Integer> glyphOf) {
        this.width = width;
        this.height = height;
        this.rowBytes = (width + 7) / 8;
        this.glyphs = glyphs;
        this.glyphBytes = glyphBytes;
        this.glyphOf = glyphOf;
    }

    /** Terminus Font 12×24 (Latin, Greek, Cyrillic, box drawing, common symbols), read once. */
    public static BitmapFont terminus() {
        return Holder.TERMINUS_FONT;
    }

    private static final class Holder {
        static final BitmapFont TERMINUS_FONT = load();

        private static BitmapFont load() {
            try (InputStream in = BitmapFont.class.getResourceAsStream(TERMINUS)) {
                if (in == null) {
                    throw new IllegalStateException(TERMINUS + " is missing from the jar");
                }
                return read(new GZIPInputStream(in).readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + TERMINUS, e);
            }
        }
    }

    /** Reads a PSF2 font; refuses anything else, or a file cut short, with the reason. */
    public static BitmapFont read(byte[] psf) {
        ByteBuffer b = ByteBuffer.wrap(psf).order(ByteOrder.LITTLE_ENDIAN);
        if (psf.length < 32 || b.getInt(0) != PSF2_MAGIC) {
            throw new IllegalArgumentException("not a PSF2 font");
        }
        int headerSize = b.getInt(8);
        int flags = b.getInt(12);
        int count = b.getInt(16);
        int glyphBytes = b.getInt(20);
        int height = b.getInt(24);
        int width = b.getInt(28);
        if (width < 1 || height < 1 || glyphBytes != height * ((width + 7) / 8) || count < 1) {
            throw new IllegalArgumentException("PSF2 header is inconsistent: " + count + " glyphs of " + width + "x"
                    + height + " in " + glyphBytes + " bytes");
        }
        long end = (long) headerSize + (long) count * glyphBytes;
        if (end > psf.length) {
            throw new IllegalArgumentException("PSF2 font is cut short: " + psf.length + " of " + end + " bytes");
        }
        byte[] glyphs = new byte[count * glyphBytes];
        System.arraycopy(psf, headerSize, glyphs, 0, glyphs.length);
        Map<Integer, Integer> glyphOf = new HashMap<>();
        if ((flags & HAS_UNICODE_TABLE) != 0) {
            readUnicodeTable(psf, (int) end, count, glyphOf);
        } else {
            for (int g = 0; g < count; g++) {
                glyphOf.put(g, g);
            }
        }
        return new BitmapFont(width, height, glyphs, glyphBytes, glyphOf);
    }

    /** Each glyph's entry: its characters in UTF-8, then (after 0xFE) sequences, which are skipped, then 0xFF. */
    private static void readUnicodeTable(byte[] psf, int at, int count, Map<Integer, Integer> glyphOf) {
        int glyph = 0;
        boolean sequences = false;
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        for (int i = at; i < psf.length && glyph < count; i++) {
            int v = psf[i] & 0xFF;
            if (v == 0xFF) {
                map(utf8, glyph, glyphOf);
                glyph++;
                sequences = false;
            } else if (v == 0xFE) {
                map(utf8, glyph, glyphOf);
                sequences = true;
            } else if (!sequences) {
                utf8.write(v);
            }
        }
    }

    private static void map(ByteArrayOutputStream utf8, int glyph, Map<Integer, Integer> glyphOf) {
        String chars = utf8.toString(StandardCharsets.UTF_8);
        utf8.reset();
        chars.codePoints().forEach(cp -> glyphOf.putIfAbsent(cp, glyph));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The characters it draws, ascending. */
    public int[] codePoints() {
        return glyphOf.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Whether the font draws this character. */
    public boolean has(int codePoint) {
        return glyphOf.containsKey(codePoint);
    }

    /** Whether dot ({@code x}, {@code y}) of the character's cell is ink; a character it lacks is blank. */
    public boolean dot(int codePoint, int x, int y) {
        return glyphDot(glyph(codePoint), x, y);
    }

    /** The glyph that draws the character, -1 if none: for {@link #glyphDot}, to look a character up once. */
    public int glyph(int codePoint) {
        Integer g = glyphOf.get(codePoint);
        return g == null ? -1 : g;
    }

    /** Whether dot ({@code x}, {@code y}) of glyph {@code g} is ink; glyph -1 is blank. */
    public boolean glyphDot(int g, int x, int y) {
        if (g < 0 || x < 0 || y < 0 || x >= width || y >= height) {
            return false;
        }
        int b = glyphs[g * glyphBytes + y * rowBytes + x / 8] & 0xFF;
        return (b & (0x80 >> (x % 8))) != 0;
    }
}
