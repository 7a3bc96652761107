package id.dapur.edge.agent.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A plain A4 report (PDFBox): a title, lines of text and tables that run over pages, each page footed
 * with the report's name and number. Text outside WinAnsi (the standard fonts' encoding) is shown as
 * '?'. Blocking; use from a worker.
 */
public final class TablePdf {
    private static final float MARGIN = 40;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final PDDocument doc = new PDDocument();
    private final String footer;
    private PDPageContentStream cs;
    private float y;

    /** A table: headings, relative column widths, rows of cells (as many as headings). */
    public record Table(String title, List<String> headings, float[] widths, List<List<String>> rows) {
    }

    private TablePdf(String footer) {
        this.footer = footer;
    }

    public static byte[] render(String title, String footer, List<String> lines, List<Table> tables) throws IOException {
        TablePdf p = new TablePdf(footer);
        try (PDDocument d = p.doc) {
            p.newPage();
            p.text(p.bold, 18, MARGIN, p.y - 18, title);
            p.y -= 40;
            for (String l : lines) {
                p.text(p.regular, 11, MARGIN, p.y, l);
                p.y -= 15;
            }
            for (Table t : tables) {
                p.table(t);
            }
            p.cs.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            d.save(out);
            return out.toByteArray();
        }
    }

    private void newPage() throws IOException {
        if (cs != null) {
            cs.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        cs = new PDPageContentStream(doc, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
        text(regular, 8, MARGIN, 20, footer + " - page " + doc.getNumberOfPages());
    }

    private void table(Table t) throws IOException {
        if (y - 60 < MARGIN) {
            newPage();
        }
        y -= 12;
        text(bold, 13, MARGIN, y, t.title());
        y -= 16;
        float total = 0;
        for (float w : t.widths()) {
            total += w;
        }
        float[] xs = new float[t.widths().length];
        float x = MARGIN;
        for (int i = 0; i < xs.length; i++) {
            xs[i] = x;
            x += WIDTH * t.widths()[i] / total;
        }
        heads(t, xs);
        if (t.rows().isEmpty()) {
            text(regular, 9, MARGIN, y, "None.");
            y -= 12;
        }
        for (List<String> row : t.rows()) {
            if (y - 12 < MARGIN) {
                newPage();
                heads(t, xs);
            }
            for (int i = 0; i < xs.length; i++) {
                float room = (i + 1 < xs.length ? xs[i + 1] : MARGIN + WIDTH) - xs[i] - 4;
                text(regular, 9, xs[i], y, fit(row.get(i), room, 9));
            }
            y -= 12;
        }
    }

    private void heads(Table t, float[] xs) throws IOException {
        for (int i = 0; i < xs.length; i++) {
            text(bold, 9, xs[i], y, t.headings().get(i));
        }
        y -= 4;
        cs.setLineWidth(0.5f);
        cs.moveTo(MARGIN, y);
        cs.lineTo(MARGIN + WIDTH, y);
        cs.stroke();
        y -= 10;
    }

    private String fit(String s, float room, float size) throws IOException {
        String t = safe(s);
        while (!t.isEmpty() && regular.getStringWidth(t) / 1000 * size > room) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private void text(PDType1Font f, float size, float x, float yy, String s) throws IOException {
        cs.beginText();
        cs.setFont(f, size);
        cs.newLineAtOffset(x, yy);
        cs.showText(safe(s));
        cs.endText();
    }

    /** Only what the standard fonts can draw. */
    static String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 32 && c < 127 || c >= 160 && c <= 255 ? c : '?');
        }
        return sb.toString();
    }
}
