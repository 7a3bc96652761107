package id.dapur.edge.agent.support;

import java.io.IOException;
import java.util.List;

/** A plain A4 report: a title, lines of text, and tables that run over pages (headings repeated). */
public final class TablePdf extends PdfPages {
    private final String footer;

    /** A table: headings, relative column widths, rows of cells (as many as headings). */
    public record Table(String title, List<String> headings, float[] widths, List<List<String>> rows) {}

    private TablePdf(String footer) {
        this.footer = footer;
    }

    @Override
    protected String footer() {
        return footer;
    }

    public static byte[] render(String title, String footer, List<String> lines, List<Table> tables)
            throws IOException {
        TablePdf p = new TablePdf(footer);
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
        return p.finish();
    }

    private void table(Table t) throws IOException {
        room(60);
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
}
