package id.dapur.edge.agent.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * An A4 report being written with PDFBox (the HACCP record, the waste report): pages footed with the
 * report's name and number, text in the standard Helvetica fonts (what WinAnsi cannot show becomes
 * '?'), a running {@code y} that starts a new page when there is no room. Blocking; use from a worker.
 */
public abstract class PdfPages {
    protected static final float MARGIN = 40;
    protected static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    protected final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    protected final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    protected final PDDocument doc = new PDDocument();
    protected PDPageContentStream cs;
    protected float y;

    /** What each page's foot says before its number. */
    protected abstract String footer();

    protected void newPage() throws IOException {
        if (cs != null) {
            cs.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        cs = new PDPageContentStream(doc, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
        text(regular, 8, MARGIN, 20, footer() + " - page " + doc.getNumberOfPages());
    }

    /** A new page unless {@code needed} points are left above the margin. */
    protected void room(float needed) throws IOException {
        if (y - needed < MARGIN) {
            newPage();
        }
    }

    protected void text(PDType1Font font, float size, float x, float yy, String s) throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, yy);
        cs.showText(safe(s));
        cs.endText();
    }

    /** Keeps what WinAnsi (the standard fonts' encoding) can show; anything else becomes '?'. */
    protected String safe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            try {
                regular.encode(String.valueOf(c));
                sb.append(c);
            } catch (IllegalArgumentException | IOException e) {
                sb.append('?');
            }
        }
        return sb.toString();
    }

    /** Closes the last page and the document; the PDF's bytes. */
    protected byte[] finish() throws IOException {
        try (PDDocument d = doc) {
            cs.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            d.save(out);
            return out.toByteArray();
        }
    }
}
