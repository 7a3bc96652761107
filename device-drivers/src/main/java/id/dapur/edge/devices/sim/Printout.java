package id.dapur.edge.devices.sim;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a simulated printer put on paper between two cuts: lines of styled text, QR codes, barcodes
 * and images, in order. {@link #text()} is the plain-text view tests read.
 */
public final class Printout {

    /** One element on paper. */
    public sealed interface Element permits Text, Qr, Barcode, Image {}

    /** A printed line: its text and the style it was printed in ({@code red}: the ribbon's second colour). */
    public record Text(
            String text,
            boolean bold,
            int width,
            int height,
            int align,
            boolean reverse,
            boolean underline,
            boolean red)
            implements Element {}

    public record Qr(String data, int moduleSize) implements Element {}

    public record Barcode(String type, String data) implements Element {}

    public record Image(BufferedImage image) implements Element {}

    private final List<Element> elements = new ArrayList<>();
    private boolean cut;
    private boolean drawerKicked;

    synchronized void add(Element e) {
        elements.add(e);
    }

    synchronized void cut() {
        cut = true;
    }

    synchronized void kickDrawer() {
        drawerKicked = true;
    }

    public synchronized List<Element> elements() {
        return List.copyOf(elements);
    }

    /** Whether the paper was cut after it (a finished ticket). */
    public synchronized boolean isCut() {
        return cut;
    }

    public synchronized boolean drawerKicked() {
        return drawerKicked;
    }

    /** Lines of text, with {@code [QR:data]}, {@code [CODE128:data]} and {@code [IMAGE wxh]} for the rest. */
    public synchronized String text() {
        StringBuilder sb = new StringBuilder();
        for (Element e : elements) {
            if (e instanceof Text t) {
                sb.append(t.text());
            } else if (e instanceof Qr q) {
                sb.append("[QR:").append(q.data()).append(']');
            } else if (e instanceof Barcode b) {
                sb.append('[').append(b.type()).append(':').append(b.data()).append(']');
            } else if (e instanceof Image i) {
                sb.append("[IMAGE ")
                        .append(i.image().getWidth())
                        .append('x')
                        .append(i.image().getHeight())
                        .append(']');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The printed lines in bold (to check allergens are bold). */
    public synchronized List<String> boldLines() {
        return elements.stream()
                .filter(e -> e instanceof Text t && t.bold())
                .map(e -> ((Text) e).text())
                .toList();
    }

    /** The printed lines in red (a two-colour impact printer). */
    public synchronized List<String> redLines() {
        return elements.stream()
                .filter(e -> e instanceof Text t && t.red())
                .map(e -> ((Text) e).text())
                .toList();
    }

    @Override
    public String toString() {
        return text();
    }
}
