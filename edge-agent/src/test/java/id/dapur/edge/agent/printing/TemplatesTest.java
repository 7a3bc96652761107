package id.dapur.edge.agent.printing;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.agent.kitchen.StationRouter;
import id.dapur.edge.agent.kitchen.Ticket;
import id.dapur.edge.agent.orders.OrderParser;
import id.dapur.edge.agent.printing.PrintJob.Kind;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.devices.printer.PrinterModel;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.SimulatedPrinter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates rendered and read back by the simulated printer's parser (no sockets). */
class TemplatesTest {
    private static final Instant NOW = Instant.parse("2026-11-23T07:05:00Z");

    @TempDir
    Path dir;

    private DapurConfig config(String language) throws Exception {
        return TestConfig.embedded(dir).load("""
                printers:
                  - { id: narrow, connection: "tcp://127.0.0.1:9100", width: 58, model: epson-tm-t20, stations: [wok] }
                printing: { language: %s, fallbackPrinter: none }
                """.formatted(language));
    }

    private static Ticket wokTicket(DapurConfig c, String orderJson) {
        AtomicLong seq = new AtomicLong();
        return new StationRouter(c.stations(), c.defaultStation())
                        .route(OrderParser.parse(orderJson.getBytes(StandardCharsets.UTF_8)), NOW, seq::incrementAndGet)
                        .stream()
                        .filter(t -> t.station().equals("wok"))
                        .findFirst()
                        .orElseThrow();
    }

    private static Printout print(byte[] bytes) throws Exception {
        return print(bytes, PrinterModel.EPSON_TM_T20);
    }

    /** Read back by a simulated printer of that model: a command it has not fails the test. */
    private static Printout print(byte[] bytes, PrinterModel model) throws Exception {
        SimulatedPrinter sim = new SimulatedPrinter(model);
        try {
            sim.serve(new ByteArrayInputStream(bytes), new ByteArrayOutputStream());
            Awaitility.await().until(() -> sim.printouts().size() == 1);
            assertThat(sim.errors()).isEmpty();
            return sim.printouts().get(0);
        } finally {
            sim.close();
        }
    }

    private static PrintJob job(Kind kind, String doc, boolean reprint, String origin) {
        return new PrintJob(1, "narrow", origin, kind, "T", "O", doc, reprint, 0, NOW);
    }

    @Test
    void chitOn58mmWrapsLongLinesAndGroupsCoursesWithHeldOnesMarked() throws Exception {
        DapurConfig c = config("id");
        Ticket t = wokTicket(c, """
                {"orderId":"TP-1","source":"pos-1","channel":"TAKEAWAY","placedAt":"2026-11-23T07:00:00Z","items":[
                  {"lineId":"1","name":"Nasi Goreng Kampung Spesial dengan Telur Mata Sapi dan Kerupuk","qty":12,"category":"wok",
                   "allergens":["egg","peanut"]},
                  {"lineId":"2","name":"Mie Goreng","qty":1,"category":"wok","course":2}]}""");
        PrinterConfig narrow = c.printers().get(0);
        Printout p = print(new Templates(c, Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Asia/Jakarta"))
                .render(job(Kind.CHIT, Json.write(t), false, null), narrow, PrinterModel.EPSON_TM_T20));
        List<String> lines = p.text().lines().toList();
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(32));
        assertThat(lines)
                .contains(
                        "-- Hidangan 1 --",
                        "-- Hidangan 2 (TAHAN) --",
                        "Bungkus" + " ".repeat(20) + "14:05",
                        "12 x Nasi Goreng Kampung Spesial",
                        "    dengan Telur Mata Sapi dan",
                        "    Kerupuk",
                        "  ALERGEN: egg, peanut");
        assertThat(p.boldLines()).contains("  ALERGEN: egg, peanut", "12 x Nasi Goreng Kampung Spesial");
    }

    @Test
    void aDeliveryPlatformsChitNamesThePlatformBigAndReversedForTheRunner() throws Exception {
        DapurConfig c = config("id");
        Ticket t = wokTicket(c, """
                {"orderId":"GF-1","source":"cloud","channel":"GRABFOOD","placedAt":"2026-11-23T07:00:00Z","items":[
                  {"lineId":"1","name":"Kwetiau","qty":1,"category":"wok"}]}""");
        Printout p = print(new Templates(c, Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Asia/Jakarta"))
                .render(job(Kind.CHIT, Json.write(t), false, null), c.printers().get(0), PrinterModel.EPSON_TM_T20));
        assertThat(p.text()).startsWith("WOK\n GRABFOOD \n").contains("GrabFood" + " ".repeat(19) + "14:05");
        Printout.Text label = (Printout.Text) p.elements().get(1);
        assertThat(label.reverse()).isTrue();
        assertThat(label.height()).isEqualTo(2);

        Ticket dineIn = wokTicket(c, """
                {"orderId":"DI-1","source":"pos-1","channel":"DINE_IN","placedAt":"2026-11-23T07:00:00Z","table":"4","items":[{"lineId":"1","name":"Kwetiau","qty":1,"category":"wok"}]}""");
        Printout plain = print(new Templates(c, Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Asia/Jakarta"))
                .render(
                        job(Kind.CHIT, Json.write(dineIn), false, null),
                        c.printers().get(0),
                        PrinterModel.EPSON_TM_T20));
        assertThat(plain.text())
                .as("the outlet's own channels get no platform banner")
                .startsWith("WOK\nMeja 4\n");
    }

    @Test
    void marksComeFirstAndAreUnmistakable() throws Exception {
        DapurConfig c = config("en");
        Ticket t = wokTicket(c, """
                {"orderId":"TP-2","source":"pos-1","channel":"DINE_IN","placedAt":"2026-11-23T07:00:00Z","table":"4","items":[
                  {"lineId":"1","name":"Kwetiau","qty":1,"category":"wok"}]}""");
        Printout p = print(new Templates(c, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC)
                .render(
                        job(Kind.CHIT, Json.write(t), true, "kitchen-1"),
                        c.printers().get(0),
                        PrinterModel.EPSON_TM_T20));
        assertThat(p.text()).startsWith(" BACKUP FROM kitchen-1 \n*** REPRINT ***\nWOK\nTable 4\n");
        assertThat(((Printout.Text) p.elements().get(0)).reverse()).isTrue();
        assertThat(((Printout.Text) p.elements().get(1)).height()).isEqualTo(2);
    }

    @Test
    void receiptWithoutPricesHasNoTotalAndUsesTheOutletIdAsHeader() throws Exception {
        DapurConfig c = config("en");
        String order = """
                {"orderId":"TP-3","channel":"ONLINE","customer":"Budi","items":[{"lineId":"1","name":"Es Jeruk","qty":2,"category":"drinks"}]}""";
        Printout p = print(new Templates(c, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC)
                .render(job(Kind.RECEIPT, order, false, null), c.printers().get(0), PrinterModel.EPSON_TM_T20));
        assertThat(p.text())
                .startsWith("jkt-01\n")
                .contains("Customer: Budi", "2 x Es Jeruk", "2 items")
                .doesNotContain("TOTAL", "[QR:");
    }

    @Test
    void onTheImpactPrinterEveryJobFitsItsFortyColumnsIsRedWhereACookMustNotLookTwiceAndSendsNothingItCannotPrint()
            throws Exception {
        DapurConfig c = TestConfig.embedded(dir).load("""
                printers:
                  - { id: grill, connection: "tcp://127.0.0.1:9100", model: epson-tm-u220, stations: [wok] }
                printing: { language: en, fallbackPrinter: none, qrUrl: "https://dapur.example/o/{orderId}" }
                """);
        PrinterConfig grill = c.printers().get(0);
        assertThat(grill.width()).as("its paper, by default").isEqualTo(76);
        PrinterModel u220 = PrinterModel.EPSON_TM_U220;
        Templates templates = new Templates(c, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
        Ticket t = wokTicket(c, """
                {"orderId":"GF-9","source":"cloud","channel":"GRABFOOD","placedAt":"2026-11-23T07:00:00Z","items":[
                  {"lineId":"1","name":"Sate Ayam Madura dengan Lontong dan Bumbu Kacang","qty":2,"category":"wok",
                   "modifiers":["no peanut sauce","extra sambal"],"allergens":["peanut"],"note":"cut small"},
                  {"lineId":"2","name":"Nasi Goreng","qty":1,"category":"wok"}]}""");
        Printout chit = print(templates.render(job(Kind.CHIT, Json.write(t), true, "kitchen-1"), grill, u220), u220);
        assertThat(chit.text()).contains("2 x Sate Ayam Madura dengan Lontong dan", "  ! cut small", "1 x Nasi Goreng");
        assertThat(chit.redLines())
                .containsExactly(
                        " BACKUP FROM kitchen-1 ",
                        " GRABFOOD ",
                        "  + no peanut sauce",
                        "  + extra sambal",
                        "  ALLERGENS: peanut");
        assertThat(chit.boldLines()).contains("  ALLERGENS: peanut");
        fitsForty(chit);

        String voided = Json.write(java.util.Map.of("ticket", Json.tree(Json.write(t)), "voidedLineIds", List.of("2")));
        Printout v = print(templates.render(job(Kind.VOID, voided, false, null), grill, u220), u220);
        assertThat(v.redLines()).containsExactly(" VOID ", " GRABFOOD ");
        fitsForty(v);

        Printout receipt = print(templates.render(job(Kind.RECEIPT, """
                {"orderId":"GF-9","channel":"GRABFOOD","items":[{"lineId":"1","name":"Sate Ayam","qty":2,"price":25000,
                 "modifiers":["extra sambal"]}]}""", false, null), grill, u220), u220);
        assertThat(receipt.text())
                .as("no QR code on this printer: the address, to type")
                .contains("https://dapur.example/o/GF-9")
                .doesNotContain("[QR:");
        fitsForty(receipt);

        Printout test = print(templates.render(job(Kind.TEST, "{}", false, null), grill, u220), u220);
        assertThat(test.text())
                .contains("Model: epson-tm-u220", "76 mm, 40 cols", "Red")
                .doesNotContain("Reverse", "[CODE128");
        assertThat(test.redLines()).containsExactly("Red");
        fitsForty(test);
    }

    @Test
    void onAStarPrinterInLineModeEveryJobIsInStarsCommandsAndTheMarksAreStarsToo() throws Exception {
        DapurConfig c = TestConfig.embedded(dir).load("""
                printers:
                  - { id: star, connection: "tcp://127.0.0.1:9100", model: star-prnt, width: 80, stations: [wok] }
                printing: { language: en, fallbackPrinter: none, qrUrl: "https://dapur.example/o/{orderId}" }
                """);
        PrinterConfig star = c.printers().get(0);
        PrinterModel model = PrinterModel.STAR_PRNT;
        Templates templates = new Templates(c, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC);
        Ticket t = wokTicket(c, """
                {"orderId":"GF-7","source":"cloud","channel":"GRABFOOD","placedAt":"2026-11-23T07:00:00Z","items":[
                  {"lineId":"1","name":"Sate Ayam","qty":2,"category":"wok","modifiers":["extra sambal"],"allergens":["peanut"]}]}""");
        Printout chit = print(templates.render(job(Kind.CHIT, Json.write(t), true, "kitchen-1"), star, model), model);
        assertThat(chit.text())
                .startsWith(" BACKUP FROM kitchen-1 \n*** REPRINT ***\nWOK\n GRABFOOD \n")
                .contains("2 x Sate Ayam", "  + extra sambal", "  ALLERGENS: peanut");
        assertThat(((Printout.Text) chit.elements().get(0)).reverse()).isTrue();
        assertThat(chit.boldLines()).contains("  ALLERGENS: peanut");
        assertThat(chit.elements())
                .allSatisfy(e -> assertThat(((Printout.Text) e).text().length() * ((Printout.Text) e).width())
                        .isLessThanOrEqualTo(48));
        Printout receipt = print(templates.render(job(Kind.RECEIPT, """
                {"orderId":"GF-7","channel":"GRABFOOD","items":[{"lineId":"1","name":"Café Latte","qty":1,"price":25000}]}""", false, null), star, model), model);
        assertThat(receipt.text())
                .contains("1 x Café Latte", "https://dapur.example/o/GF-7")
                .doesNotContain("[QR:");
        Printout test = print(templates.render(job(Kind.TEST, "{}", false, null), star, model), model);
        assertThat(test.text())
                .contains("Model: star-prnt", "Reverse", "Café · Jalapeño")
                .doesNotContain("[CODE128");
    }

    /** No line wider than the TM-U220's 40 columns, counting doubled characters twice. */
    private static void fitsForty(Printout p) {
        assertThat(p.elements())
                .allSatisfy(e -> assertThat(((Printout.Text) e).text().length() * ((Printout.Text) e).width())
                        .as(((Printout.Text) e).text())
                        .isLessThanOrEqualTo(40));
    }

    @Test
    void englishAndBahasaHaveTheSameWords() {
        assertThat(PrintTexts.all().get("id").keySet())
                .isEqualTo(PrintTexts.all().get("en").keySet());
    }
}
