package id.dapur.edge.agent.printing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.SimulatedPrinter;
import java.time.Duration;
import java.util.function.Function;

/** What the printer tests ask of the agent's printers API and check on paper, in one place. */
final class PrinterChecks {
    static final Duration WAIT = Duration.ofSeconds(45);

    private PrinterChecks() {}

    /** The first printer's state, as {@code GET /api/v1/printers} says. */
    static String state(Http admin) {
        return admin.get("/api/v1/printers").json().at("/printers/0/state").asText();
    }

    /** The first printer's queued jobs. */
    static int queued(Http admin) {
        return admin.get("/api/v1/printers").json().at("/printers/0/queued").asInt();
    }

    /** How many cut printouts say {@code what} ({@code text} reads a printout: its text, or its raster read back). */
    static long printed(SimulatedPrinter sim, Function<Printout, String> text, String what) {
        return sim.printouts().stream()
                .filter(p -> p.isCut() && text.apply(p).contains(what))
                .count();
    }

    /**
     * The paper runs out and a chit is ordered ({@code order} places it): the agent sees the paper end
     * and the chit waits in the queue; the paper is back: the chit ({@code id}) prints once.
     */
    static void paperOutHoldsTheQueue(
            SimulatedPrinter sim, Http admin, Runnable order, Function<Printout, String> text, String id) {
        sim.runOutOfPaper();
        order.run(); // a printer that polls learns of the paper end from the job it fails to print
        await().atMost(WAIT).until(() -> state(admin).equals("PAPER_OUT"));
        assertThat(queued(admin)).as("held while out").isPositive();
        assertThat(printed(sim, text, id)).isZero();
        sim.reloadPaper();
        await().atMost(WAIT).until(() -> printed(sim, text, id) == 1);
        await().atMost(WAIT).until(() -> queued(admin) == 0);
        assertThat(printed(sim, text, id)).as("printed once").isEqualTo(1);
        assertThat(sim.errors()).isEmpty();
    }
}
