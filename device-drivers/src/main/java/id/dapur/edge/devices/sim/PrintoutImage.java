package id.dapur.edge.devices.sim;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import id.dapur.edge.devices.printer.BitmapFont;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws a {@link Printout} the way the paper would look: 12×24-dot Font A cells scaled by the
 * character size, bold, reverse, red, alignment, real (scannable) QR codes and barcodes, raster images.
 * Characters are drawn dot by dot with the font the agent carries ({@link BitmapFont#terminus()}), so
 * a printout looks the same on every machine, with or without fonts installed, and can be compared
 * with a reference image.
 */
public final class PrintoutImage {
    private static final int CELL_W = 12;
    private static final int CELL_H = 24;
    private static final BitmapFont FONT = BitmapFont.terminus();
    /** The red of a two-colour ribbon. */
    public static final Color RED = new Color(0xC8, 0x10, 0x10);

    private PrintoutImage() {}

    public static BufferedImage render(Printout p, int dots) {
        int margin = 16;
        int height = margin * 2;
        for (Printout.Element e : p.elements()) {
            height += heightOf(e);
        }
        BufferedImage img = new BufferedImage(dots + margin * 2, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        int y = margin;
        for (Printout.Element e : p.elements()) {
            if (e instanceof Printout.Text t) {
                drawText(img, t, margin, y, dots);
            } else if (e instanceof Printout.Qr q) {
                drawMatrix(g, qr(q.data(), q.moduleSize()), margin, y, dots);
            } else if (e instanceof Printout.Barcode b) {
                drawMatrix(g, barcode(b), margin, y, dots);
                drawText(img, new Printout.Text(b.data(), false, 1, 1, 1, false, false, false), margin, y + 84, dots);
            } else if (e instanceof Printout.Image i) {
                g.drawImage(i.image(), margin + (dots - i.image().getWidth()) / 2, y, null);
            }
            y += heightOf(e);
        }
        g.dispose();
        return img;
    }

    public static void writePng(Printout p, int dots, Path file) throws IOException {
        ImageIO.write(render(p, dots), "png", file.toFile());
    }

    private static int heightOf(Printout.Element e) {
        if (e instanceof Printout.Text t) {
            return CELL_H * t.height();
        }
        if (e instanceof Printout.Qr q) {
            return qr(q.data(), q.moduleSize()).getHeight() + 8;
        }
        if (e instanceof Printout.Barcode) {
            return 110;
        }
        return ((Printout.Image) e).image().getHeight();
    }

    private static void drawText(BufferedImage img, Printout.Text t, int x0, int y, int dots) {
        int w = t.width();
        int h = t.height();
        int cw = CELL_W * w;
        int ch = CELL_H * h;
        int textWidth = t.text().length() * cw;
        int x = switch (t.align()) {
            case 1 -> x0 + Math.max(0, (dots - textWidth) / 2);
            case 2 -> x0 + Math.max(0, dots - textWidth);
            default -> x0;
        };
        int ink = (t.reverse() ? Color.WHITE : t.red() ? RED : Color.BLACK).getRGB();
        int paper = t.reverse() ? Color.BLACK.getRGB() : Color.WHITE.getRGB();
        for (int i = 0; i < t.text().length() && (i + 1) * cw <= dots + cw; i++) {
            int g = FONT.glyph(t.text().charAt(i));
            for (int dy = 0; dy < ch; dy++) {
                for (int dx = 0; dx < cw; dx++) {
                    boolean dot = FONT.glyphDot(g, dx / w, dy / h)
                            || (t.bold() && dx >= w && FONT.glyphDot(g, (dx - w) / w, dy / h))
                            || (t.underline() && dy >= ch - 2);
                    int px = x + i * cw + dx;
                    if (px < img.getWidth() && y + dy < img.getHeight()) {
                        if (dot) {
                            img.setRGB(px, y + dy, ink);
                        } else if (t.reverse()) {
                            img.setRGB(px, y + dy, paper);
                        }
                    }
                }
            }
        }
    }

    private static void drawMatrix(Graphics2D g, BitMatrix m, int x0, int y, int dots) {
        int x = x0 + Math.max(0, (dots - m.getWidth()) / 2);
        g.setColor(Color.BLACK);
        for (int my = 0; my < m.getHeight(); my++) {
            for (int mx = 0; mx < m.getWidth(); mx++) {
                if (m.get(mx, my)) {
                    g.fillRect(x + mx, y + my, 1, 1);
                }
            }
        }
    }

    private static BitMatrix qr(String data, int module) {
        try {
            BitMatrix raw = new QRCodeWriter().encode(data, BarcodeFormat.QR_CODE, 0, 0);
            int size = raw.getWidth() * Math.max(1, module);
            return new QRCodeWriter().encode(data, BarcodeFormat.QR_CODE, size, size);
        } catch (WriterException e) {
            return new BitMatrix(1);
        }
    }

    private static BitMatrix barcode(Printout.Barcode b) {
        try {
            return new Code128Writer()
                    .encode(
                            b.data(),
                            BarcodeFormat.CODE_128,
                            Math.min(560, b.data().length() * 22 + 40),
                            80);
        } catch (RuntimeException e) {
            return new BitMatrix(1);
        }
    }
}
