package id.dapur.edge.devices.sim;

import id.dapur.edge.devices.printer.BitmapFont;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back the text of a chit a raster-only printer printed, for tests and the demo's checks: the
 * agent draws text with {@link BitmapFont#terminus()}, so each character cell on the paper is exactly
 * one of the font's glyphs (plain or bold, perhaps underlined or white on black, 1× or 2× wide and high). Lines
 * are found where a row of cells reads whole; anything else (a QR code, a logo) is not text and is
 * left out. Characters with the same glyph read as the lowest (an {@code A} rather than a Cyrillic
 * {@code А}).
 */
public final class RasterText {
    private static final BitmapFont FONT = BitmapFont.terminus();
    private static final Map<Integer, Map<String, Character>> GLYPHS = new HashMap<>();
    /** Character sizes a chit uses, width × height: 1×1, 1×2 (an item line), 2×1, 2×2 (a title). */
    private static final int[][] SIZES = {{1, 1}, {1, 2}, {2, 1}, {2, 2}};

    private RasterText() {}

    /** The text lines of a printout's raster images, top to bottom, trailing blanks trimmed. */
    public static List<String> lines(Printout p) {
        List<BufferedImage> images = new ArrayList<>();
        for (Printout.Element e : p.elements()) {
            if (e instanceof Printout.Image i) {
                images.add(i.image());
            }
        }
        return lines(stack(images));
    }

    /** The printout's raster text as one string, lines ending in a newline. */
    public static String text(Printout p) {
        StringBuilder b = new StringBuilder();
        lines(p).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    static List<String> lines(BufferedImage img) {
        List<String> out = new ArrayList<>();
        int floor = 0;
        int y = 0;
        while (y < img.getHeight()) {
            if (blankRow(img, y)) {
                y++;
                continue;
            }
            // the first ink of a line is somewhere inside its cells: the line starts up to a cell above it
            Read best = null;
            for (int[] size : SIZES) {
                int ch = FONT.height() * size[1];
                for (int top = Math.max(floor, y - ch + 1); top <= y; top++) {
                    Read r = readLine(img, top, size[0], size[1]);
                    if (r != null && (best == null || r.read() > best.read())) {
                        best = r;
                    }
                }
            }
            if (best == null) {
                y++; // not text: a code, an image
            } else {
                out.add(best.text());
                y = best.top() + FONT.height() * best.height();
                floor = y;
            }
        }
        return out;
    }

    private record Read(String text, int read, int top, int height) {}

    private static Read readLine(BufferedImage img, int top, int sw, int sh) {
        int cw = FONT.width() * sw;
        int ch = FONT.height() * sh;
        if (top + ch > img.getHeight()) {
            return null;
        }
        Map<String, Character> glyphs = glyphs(sw, sh);
        Read best = null;
        for (int offset = 0; offset < cw; offset++) {
            StringBuilder line = new StringBuilder();
            int read = 0;
            boolean whole = true;
            for (int x = offset; x + cw <= img.getWidth() && whole; x += cw) {
                String key = key(img, x, top, cw, ch);
                Character c = glyphs.get(key);
                if (c == null) {
                    whole = false;
                } else {
                    line.append(c);
                    if (c != ' ') {
                        read++;
                    }
                }
            }
            if (whole
                    && read > 0
                    && (best == null || read > best.read())
                    && inkOutsideCellsIsNone(img, top, ch, offset, cw)) {
                best = new Read(line.toString().stripTrailing(), read, top, sh);
            }
        }
        return best;
    }

    private static boolean inkOutsideCellsIsNone(BufferedImage img, int top, int ch, int offset, int cw) {
        int end = offset + (img.getWidth() - offset) / cw * cw;
        for (int y = top; y < top + ch; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((x < offset || x >= end) && ink(img, x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static synchronized Map<String, Character> glyphs(int sw, int sh) {
        return GLYPHS.computeIfAbsent(sw * 10 + sh, k -> glyphTable(sw, sh));
    }

    /** Every glyph in every style a chit uses, as the key its cell on paper has. */
    private static Map<String, Character> glyphTable(int sw, int sh) {
        Map<String, Character> t = new HashMap<>();
        int cw = FONT.width() * sw;
        int ch = FONT.height() * sh;
        for (int cp : FONT.codePoints()) {
            if (cp > 0xFFFF) {
                continue;
            }
            for (int style = 0; style < 8; style++) {
                boolean bold = (style & 1) != 0;
                boolean underline = (style & 2) != 0;
                boolean reverse = (style & 4) != 0;
                StringBuilder k = new StringBuilder(cw * ch);
                for (int y = 0; y < ch; y++) {
                    for (int x = 0; x < cw; x++) {
                        boolean dot = FONT.dot(cp, x / sw, y / sh)
                                || (bold && x >= sw && FONT.dot(cp, (x - sw) / sw, y / sh))
                                || (underline && y >= ch - 2 * sh);
                        k.append(dot != reverse ? '1' : '0');
                    }
                }
                t.putIfAbsent(k.toString(), (char) cp);
            }
        }
        return t;
    }

    private static String key(BufferedImage img, int x0, int y0, int cw, int ch) {
        StringBuilder k = new StringBuilder(cw * ch);
        for (int y = y0; y < y0 + ch; y++) {
            for (int x = x0; x < x0 + cw; x++) {
                k.append(ink(img, x, y) ? '1' : '0');
            }
        }
        return k.toString();
    }

    private static boolean blankRow(BufferedImage img, int y) {
        for (int x = 0; x < img.getWidth(); x++) {
            if (ink(img, x, y)) {
                return false;
            }
        }
        return true;
    }

    private static boolean ink(BufferedImage img, int x, int y) {
        return (img.getRGB(x, y) & 0xFFFFFF) == 0;
    }

    private static BufferedImage stack(List<BufferedImage> images) {
        int w = images.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = Math.max(1, images.stream().mapToInt(BufferedImage::getHeight).sum());
        BufferedImage all = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                all.setRGB(x, y, 0xFFFFFF);
            }
        }
        int y = 0;
        for (BufferedImage i : images) {
            for (int iy = 0; iy < i.getHeight(); iy++) {
                for (int ix = 0; ix < i.getWidth(); ix++) {
                    all.setRGB(ix, y + iy, i.getRGB(ix, iy));
                }
            }
            y += i.getHeight();
        }
        return all;
    }
}
