package id.dapur.edge.devices.sim;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws a {@link Printout} the way the paper would look: 12×24-dot Font A cells scaled by the
 * character size, bold, reverse, red, alignment, real (scannable) QR codes and barcodes, raster images.
 */
public final class PrintoutImage {
    private static final int CELL_W = 12;
    private static final int CELL_H = 24;
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
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        int y = margin;
        for (Printout.Element e : p.elements()) {
            if (e instanceof Printout.Text t) {
                drawText(g, t, margin, y, dots);
            } else if (e instanceof Printout.Qr q) {
                drawMatrix(g, qr(q.data(), q.moduleSize()), margin, y, dots);
            } else if (e instanceof Printout.Barcode b) {
                drawMatrix(g, barcode(b), margin, y, dots);
                g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 20));
                g.setColor(Color.BLACK);
                g.drawString(b.data(), margin + (dots - b.data().length() * CELL_W) / 2, y + 100);
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

    private static void drawText(Graphics2D g, Printout.Text t, int x0, int y, int dots) {
        int cw = CELL_W * t.width();
        int ch = CELL_H * t.height();
        int textWidth = t.text().length() * cw;
        int x = switch (t.align()) {
            case 1 -> x0 + Math.max(0, (dots - textWidth) / 2);
            case 2 -> x0 + Math.max(0, dots - textWidth);
            default -> x0;
        };
        if (t.reverse()) {
            g.setColor(Color.BLACK);
            g.fillRect(x, y, Math.min(textWidth, dots), ch);
        }
        g.setColor(t.reverse() ? Color.WHITE : t.red() ? RED : Color.BLACK);
        Font base = new Font(Font.MONOSPACED, t.bold() ? Font.BOLD : Font.PLAIN, 20);
        g.setFont(base.deriveFont(java.awt.geom.AffineTransform.getScaleInstance(t.width(), t.height())));
        for (int i = 0; i < t.text().length() && (i + 1) * cw <= dots + cw; i++) {
            g.drawString(String.valueOf(t.text().charAt(i)), x + i * cw, y + ch - 5 * t.height());
        }
        if (t.underline()) {
            g.fillRect(x, y + ch - 2, Math.min(textWidth, dots), 2);
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
