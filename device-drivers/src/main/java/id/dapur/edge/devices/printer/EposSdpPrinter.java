package id.dapur.edge.devices.printer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An Epson printer that fetches its jobs from the agent with Epson's Server Direct Print: it polls
 * ({@code ConnectionType=GetRequest}) and is answered with the job in hand as an ePOS-Print XML
 * document ({@code PrintRequestInfo}: the job id in {@code printjobid}, the chit's ESC/POS commands in
 * one {@code <command>} element, hex), or nothing; once printed it sends its result
 * ({@code ConnectionType=SetResponse}, a {@code PrintResponseInfo} document: the job id, {@code
 * success}, the error {@code code} and the printer's {@code status}, its Automatic Status Back bits as
 * a number). What a job offered, taken and reported means: {@link PolledPrinter}; the job id is the job
 * token. The polls carry no status: the status the last result gave holds for {@link #STATUS_HOLDS}
 * (a paper end stops the queue), then the next job tells again.
 */
public final class EposSdpPrinter extends PolledPrinter {
    public static final Duration OFFLINE_AFTER = Duration.ofSeconds(20);
    public static final Duration STATUS_HOLDS = Duration.ofSeconds(15);
    static final String EPOS_PRINT = "http://www.epson-pos.com/schemas/2011/03/epos-print";
    private static final int MAX_RESPONSE_CHARS = 64 * 1024;

    private final String id;

    public EposSdpPrinter(String id, PrinterModel model, Clock clock, Duration offlineAfter) {
        super(model, clock, offlineAfter);
        if (model.language() != PrinterModel.Language.ESC_POS || !model.id().startsWith("epson-")) {
            throw new IllegalArgumentException("Server Direct Print is for Epson printers, not " + model.id());
        }
        this.id = id;
    }

    /** The printer's Server Direct Print ID, as it sends it. */
    public String id() {
        return id;
    }

    @Override
    public String describe() {
        return "sdp://" + id;
    }

    @Override
    protected Duration statusValidFor() {
        return STATUS_HOLDS;
    }

    /** A GetRequest: the job in hand as ePOS-Print XML, taken by the printer; null when there is none. */
    public byte[] request() {
        heard(null);
        Offered o = offered();
        Offered taken = o == null ? null : take(o.token());
        return taken == null ? null : taken.body();
    }

    /**
     * A SetResponse: its {@code PrintResponseInfo} document settles the job it names; false when the
     * document names no job on offer (already settled, or withdrawn), or cannot be read: nothing
     * changes then.
     */
    public boolean response(String xml) {
        if (xml == null || xml.length() > MAX_RESPONSE_CHARS) {
            heard(null);
            return false;
        }
        Document d;
        try {
            d = parser().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            heard(null);
            return false;
        }
        String job = text(d, "printjobid");
        Element r = first(d, "response");
        if (r == null) {
            heard(null);
            return false;
        }
        boolean success = "true".equalsIgnoreCase(r.getAttribute("success"));
        long status;
        try {
            status = Long.parseLong(r.getAttribute("status").strip());
        } catch (NumberFormatException e) {
            status = -1;
        }
        heard(status < 0 ? null : fromEposStatus(status));
        String code = r.getAttribute("code");
        return settle(job, success, (success ? "success" : "failure") + (code.isEmpty() ? "" : " " + code));
    }

    /** Epson's ePOS status: Automatic Status Back's four bytes as one number, first byte lowest. */
    static PrinterStatus fromEposStatus(long s) {
        boolean noAnswer = (s & 0x1) != 0;
        return new PrinterStatus(
                !noAnswer && (s & 0x8) == 0,
                (s & 0x20) != 0,
                (s & 0x3_0000) != 0,
                (s & 0xC_0000) != 0,
                (s & 0x800) != 0,
                (s & 0x2000) != 0,
                noAnswer ? "the printer did not answer its interface board" : null);
    }

    @Override
    protected byte[] body(byte[] job, String token) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<PrintRequestInfo Version=\"2.00\">"
                + "<ePOSPrint>"
                + "<Parameter><devid>local_printer</devid><timeout>10000</timeout>"
                + "<printjobid>" + token + "</printjobid></Parameter>"
                + "<PrintData><epos-print xmlns=\"" + EPOS_PRINT + "\">"
                + "<command>" + HexFormat.of().formatHex(job) + "</command>"
                + "</epos-print></PrintData>"
                + "</ePOSPrint>"
                + "</PrintRequestInfo>\n";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** The ESC/POS commands of a {@code PrintRequestInfo} document's {@code <command>} elements. */
    public static byte[] commands(Document d) {
        NodeList n = d.getElementsByTagNameNS("*", "command");
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < n.getLength(); i++) {
            hex.append(n.item(i).getTextContent().strip());
        }
        return HexFormat.of().parseHex(hex);
    }

    /** A parser that reads no DTD and no external entity: what a LAN sends cannot reach the file system. */
    public static DocumentBuilder parser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }

    public static String text(Document d, String name) {
        Element e = first(d, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private static Element first(Document d, String name) {
        NodeList n = d.getElementsByTagNameNS("*", name);
        return n.getLength() == 0 ? null : (Element) n.item(0);
    }
}
