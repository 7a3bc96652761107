package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.contract.testing.ManualClock;
import id.dapur.edge.devices.printer.EscPosPrinter.Outcome;
import id.dapur.edge.devices.printer.EscPosPrinter.Result;
import id.dapur.edge.devices.printer.PrinterStatus.State;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The agent's side of an Epson printer in Server Direct Print mode, without HTTP: the job goes out as
 * an ePOS-Print document carrying the chit's ESC/POS commands; its result settles it; the status
 * comes with results and holds for a while; a document with a DTD is never read.
 */
class EposSdpPrinterTest {
    /** The spooler's worker: a thread of its own per call, never a shared pool a blocked call could starve. */
    static final Executor WORKER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-printer-worker");
        t.setDaemon(true);
        return t;
    });

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final EposSdpPrinter p =
            new EposSdpPrinter("TM-m30_bar", PrinterModel.EPSON_TM_M30, clock, Duration.ofSeconds(20));

    @BeforeEach
    void printerPolls() {
        p.request(); // the spooler prints only to a printer that is heard from
    }

    private static String result(String job, boolean success, String code, long status) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><PrintResponseInfo Version=\"2.00\"><ePOSPrint><Parameter>"
                + "<devid>local_printer</devid><printjobid>" + job + "</printjobid></Parameter><PrintResponse>"
                + "<response xmlns=\"" + EposSdpPrinter.EPOS_PRINT + "\" success=\"" + success + "\" code=\"" + code
                + "\" status=\"" + status + "\" battery=\"0\"/></PrintResponse></ePOSPrint></PrintResponseInfo>";
    }

    private byte[] awaitJob() {
        // the printer's requests, until one is answered with a job
        return await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(p::request, Objects::nonNull);
    }

    @Test
    void theJobIsAnEposPrintDocumentCarryingTheChitsCommandsAndItsResultSettlesIt() throws Exception {
        byte[] chit = new EscPos(PrinterModel.EPSON_TM_M30)
                .init()
                .line("NASI")
                .cut(PrintCommands.Cut.PARTIAL, 0)
                .bytes();
        CompletableFuture<Result> r =
                CompletableFuture.supplyAsync(() -> p.print(chit, 5, "0001", Duration.ofSeconds(10)), WORKER);
        byte[] xml = awaitJob();
        Document d = EposSdpPrinter.parser().parse(new ByteArrayInputStream(xml));
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("PrintRequestInfo");
        assertThat(EposSdpPrinter.text(d, "printjobid")).isEqualTo("5-0001");
        assertThat(EposSdpPrinter.commands(d)).isEqualTo(chit);
        assertThat(d.getElementsByTagNameNS(EposSdpPrinter.EPOS_PRINT, "epos-print")
                        .getLength())
                .isEqualTo(1);
        assertThat(EposSdpPrinter.text(
                        EposSdpPrinter.parser().parse(new ByteArrayInputStream(p.request())), "printjobid"))
                .as("until it reports, the printer is handed the same job under the same id")
                .isEqualTo("5-0001");
        assertThat(p.response(result("other", true, "", 0x16))).isFalse();
        assertThat(p.response(result("5-0001", true, "", 0x16))).isTrue();
        assertThat(r.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
        assertThat(p.status().state()).isEqualTo(State.READY);
    }

    @Test
    void aFailureIsNotPrintedAndItsStatusHoldsTheQueueForAWhile() throws Exception {
        CompletableFuture<Result> r =
                CompletableFuture.supplyAsync(() -> p.print(new byte[] {1}, 5, "0001", Duration.ofSeconds(10)), WORKER);
        awaitJob();
        p.response(result("5-0001", false, "EPTR_REC_EMPTY", 0x16 | 0x0C_0000));
        Result res = r.get(5, TimeUnit.SECONDS);
        assertThat(res.outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(res.detail()).contains("EPTR_REC_EMPTY");
        assertThat(p.status().state()).isEqualTo(State.PAPER_OUT);
        clock.advance(EposSdpPrinter.STATUS_HOLDS.plusSeconds(1));
        p.request(); // still polling
        assertThat(p.status().state()).as("the next job will tell").isEqualTo(State.READY);
        assertThat(EposSdpPrinter.fromEposStatus(0x16 | 0x20).state()).isEqualTo(State.COVER_OPEN);
        assertThat(EposSdpPrinter.fromEposStatus(0x16 | 0x02_0000).state()).isEqualTo(State.PAPER_LOW);
        assertThat(EposSdpPrinter.fromEposStatus(0x16 | 0x08).state()).isEqualTo(State.OFFLINE);
        assertThat(EposSdpPrinter.fromEposStatus(0x1).state()).isEqualTo(State.OFFLINE);
    }

    @Test
    void aJobTakenAndNotReportedIsHeldUnderTheSameJobId() throws Exception {
        CompletableFuture<Result> r =
                CompletableFuture.supplyAsync(() -> p.print(new byte[] {1}, 5, "0001", Duration.ofMillis(300)), WORKER);
        awaitJob();
        assertThat(r.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.HELD);
        CompletableFuture<Result> again =
                CompletableFuture.supplyAsync(() -> p.print(new byte[] {2}, 5, "0002", Duration.ofSeconds(10)), WORKER);
        Document d = EposSdpPrinter.parser().parse(new ByteArrayInputStream(awaitJob()));
        assertThat(EposSdpPrinter.text(d, "printjobid")).isEqualTo("5-0001");
        assertThat(EposSdpPrinter.commands(d)).containsExactly(1);
        p.response(result("5-0001", true, "", 0x16));
        assertThat(again.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
    }

    @Test
    void aResultWithADoctypeOrTooLongIsNotReadAndChangesNothing() throws Exception {
        CompletableFuture<Result> r =
                CompletableFuture.supplyAsync(() -> p.print(new byte[] {1}, 5, "0001", Duration.ofSeconds(10)), WORKER);
        awaitJob();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + result("5-0001", true, "&x;", 0x16)
                        .substring(result("", true, "", 0).indexOf("?>") + 2);
        assertThat(p.response(xxe)).isFalse();
        assertThat(p.response("<" + "x".repeat(70_000))).isFalse();
        assertThat(p.response("not xml")).isFalse();
        assertThat(r).isNotDone();
        p.response(result("5-0001", true, "", 0x16));
        assertThat(r.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
        assertThatThrownBy(() -> new EposSdpPrinter("x", PrinterModel.STAR_PRNT, clock, Duration.ofSeconds(20)))
                .hasMessageContaining("Epson");
        assertThat(new String(p.body(new byte[] {0x1B, 0x40}, "t"), StandardCharsets.UTF_8))
                .contains("<command>1b40</command>");
    }
}
