package id.dapur.edge.devices.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.contract.testing.ManualClock;
import id.dapur.edge.devices.printer.CloudPrntPrinter.FetchProblem;
import id.dapur.edge.devices.printer.EscPosPrinter.Outcome;
import id.dapur.edge.devices.printer.EscPosPrinter.Result;
import id.dapur.edge.devices.printer.PrinterStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of a CloudPRNT printer, without HTTP: a job is done only when the printer reports
 * it; not fetched in time it is withdrawn; fetched and not reported it is held under the same token and
 * bytes however often the spooler asks; the status is the printer's own status block while it polls.
 */
class CloudPrntPrinterTest {
    /** The spooler's worker: a thread of its own per call, never a shared pool a blocked call could starve. */
    static final Executor WORKER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-printer-worker");
        t.setDaemon(true);
        return t;
    });

    static final String MAC = "00:11:62:0a:0b:0c";
    static final String READY = "23 86 00 00 00 00 00 00 00";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final CloudPrntPrinter p =
            new CloudPrntPrinter(MAC, PrinterModel.STAR_PRNT, 80, clock, Duration.ofSeconds(20));

    @BeforeEach
    void printerPolls() {
        p.poll(READY); // the spooler prints only to a printer that is heard from and can print
    }

    private static byte[] job(String text) {
        return new StarLine(PrinterModel.STAR_PRNT).init().line(text).bytes();
    }

    /** print() on another thread, as the spooler's worker calls it. */
    private CompletableFuture<Result> printing(byte[] job, long jobId, String completion, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> p.print(job, jobId, completion, timeout), WORKER);
    }

    private static String awaitOffer(CloudPrntPrinter p) {
        return awaitOffer(p, null);
    }

    /** The token offered once it is not {@code before} (the job held until the spooler's next call replaces it). */
    private static String awaitOffer(CloudPrntPrinter p, String before) {
        // the printer's polls, until one is answered with a job ready
        return await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> p.poll(READY), a -> a.jobReady() && !a.jobToken().equals(before))
                .jobToken();
    }

    @Test
    void aJobIsDoneOnlyWhenThePrinterReportsIt() throws Exception {
        CompletableFuture<Result> r = printing(job("A"), 7, "0001", Duration.ofSeconds(10));
        String token = awaitOffer(p);
        assertThat(p.fetch(CloudPrntPrinter.LINE_MODE, token).job().body()).isEqualTo(job("A"));
        assertThat(r).isNotDone();
        assertThat(p.report("someone-else", "200 OK")).as("a token not in hand").isFalse();
        assertThat(p.report(token, "200 OK")).isTrue();
        assertThat(r.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
        assertThat(p.poll(READY).jobReady()).isFalse();
        assertThat(p.report(token, "200 OK"))
                .as("reported twice: nothing changes")
                .isFalse();
    }

    @Test
    void anErrorCodeIsNotPrintedAndTheNextAttemptGetsANewToken() throws Exception {
        CompletableFuture<Result> r = printing(job("A"), 7, "0001", Duration.ofSeconds(10));
        String token = awaitOffer(p);
        p.fetch(null, null);
        p.report(token, "520 Paper Out");
        Result res = r.get(5, TimeUnit.SECONDS);
        assertThat(res.outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(res.detail()).contains("520 Paper Out");
        CompletableFuture<Result> again = printing(job("A"), 7, "0002", Duration.ofSeconds(10));
        assertThat(awaitOffer(p)).isNotEqualTo(token);
        p.report(awaitOffer(p), "200 OK");
        assertThat(again.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
    }

    @Test
    void aJobThePrinterCannotTakeIsWithdrawnAtOnce() throws Exception {
        CompletableFuture<Result> r = printing(job("A"), 7, "0001", Duration.ofSeconds(10));
        awaitOffer(p);
        p.poll(hex(new PrinterStatus(false, true, false, false, false, false, null).starAsbBytes()));
        Result res = r.get(5, TimeUnit.SECONDS);
        assertThat(res.outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(res.status().state()).isEqualTo(State.COVER_OPEN);
        assertThat(p.poll(READY).jobReady()).isFalse();
    }

    @Test
    void aJobNotFetchedInTimeIsWithdrawn() {
        p.poll(READY);
        Result r = p.print(job("A"), 7, "0001", Duration.ofMillis(200));
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_SENT);
        assertThat(r.detail()).contains("not fetched");
        assertThat(p.poll(READY).jobReady()).isFalse();
    }

    @Test
    void aJobFetchedAndNotReportedIsHeldUnderTheSameTokenAndBytes() throws Exception {
        CompletableFuture<Result> r = printing(job("A"), 7, "0001", Duration.ofMillis(300));
        String token = awaitOffer(p);
        p.fetch(CloudPrntPrinter.LINE_MODE, token);
        assertThat(r.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.HELD);
        // the spooler asks again (a new attempt, its chit rendered anew): the printer is offered what it took
        CompletableFuture<Result> again = printing(job("A again"), 7, "0002", Duration.ofSeconds(10));
        assertThat(awaitOffer(p)).isEqualTo(token);
        assertThat(p.fetch(CloudPrntPrinter.LINE_MODE, token).job().body()).isEqualTo(job("A"));
        p.report(token, "200 OK");
        assertThat(again.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
        // a job held when the queue moved on is withdrawn: another job gets its own token
        CompletableFuture<Result> held = printing(job("B"), 8, "0003", Duration.ofMillis(300));
        String b = awaitOffer(p);
        p.fetch(null, b);
        assertThat(held.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.HELD);
        CompletableFuture<Result> other = printing(job("C"), 9, "0004", Duration.ofSeconds(10));
        String c = awaitOffer(p, b);
        assertThat(c).startsWith("9-");
        assertThat(p.report(b, "200 OK")).isFalse();
        p.report(c, "200 OK");
        assertThat(other.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
    }

    @Test
    void fetchingWhatIsNotOfferedGetsTheReason() throws Exception {
        assertThat(p.fetch(null, null).problem()).isEqualTo(FetchProblem.NO_JOB);
        CompletableFuture<Result> r = printing(job("A"), 7, "0001", Duration.ofSeconds(10));
        String token = awaitOffer(p);
        assertThat(p.fetch(CloudPrntPrinter.LINE_MODE, "other").problem()).isEqualTo(FetchProblem.WRONG_TOKEN);
        assertThat(p.fetch(CloudPrntPrinter.PNG, token).problem()).isEqualTo(FetchProblem.UNSUPPORTED_MEDIA_TYPE);
        p.fetch(CloudPrntPrinter.LINE_MODE, token);
        p.report(token, "200 OK");
        assertThat(r.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
    }

    @Test
    void theStatusIsThePrintersOwnWhileItPollsAndOfflineWhenItStops() {
        assertThat(new CloudPrntPrinter(MAC, PrinterModel.STAR_PRNT, 80, clock, Duration.ofSeconds(20))
                        .status()
                        .state())
                .as("never polled")
                .isEqualTo(State.OFFLINE);
        assertThat(p.status().state()).isEqualTo(State.READY);
        p.poll(hex(new PrinterStatus(false, false, false, true, false, false, null).starAsbBytes()));
        assertThat(p.status().state()).isEqualTo(State.PAPER_OUT);
        clock.advance(Duration.ofSeconds(21));
        assertThat(p.status().state()).isEqualTo(State.OFFLINE);
        assertThat(p.status().reason()).contains("cloudprnt://" + MAC, "no poll for 21 s");
        p.poll("zz");
        assertThat(p.status().state())
                .as("a status that is not hex is never READY")
                .isEqualTo(State.OFFLINE);
        p.poll("12 00 00 00");
        assertThat(p.status().reason()).contains("not Star's");
        assertThatThrownBy(
                        () -> new CloudPrntPrinter(MAC, PrinterModel.EPSON_TM_T20, 80, clock, Duration.ofSeconds(20)))
                .hasMessageContaining("Star printers");
    }

    @Test
    void aRasterModelIsServedAPngOfItsChit() throws Exception {
        CloudPrntPrinter tsp = new CloudPrntPrinter(MAC, PrinterModel.STAR_TSP100, 80, clock, Duration.ofSeconds(20));
        tsp.poll(READY);
        byte[] raster = PrintCommands.of(PrinterModel.STAR_TSP100, 80)
                .init()
                .line("PNG")
                .bytes();
        CompletableFuture<Result> r =
                CompletableFuture.supplyAsync(() -> tsp.print(raster, 1, "0001", Duration.ofSeconds(10)), WORKER);
        String token = awaitOffer(tsp);
        assertThat(tsp.poll(READY).mediaTypes()).containsExactly(CloudPrntPrinter.PNG);
        byte[] png = tsp.fetch(CloudPrntPrinter.PNG, token).job().body();
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(576);
        assertThat(img.getHeight()).isEqualTo(24);
        tsp.report(token, "200 OK");
        assertThat(r.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.PRINTED);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
