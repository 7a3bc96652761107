package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.printing.PrintJob;
import java.time.Instant;
import java.util.List;

/**
 * Decides, inside the storage writer's transaction, which print jobs a change causes, so the jobs
 * commit (or not) with the tickets. Runs on the writer thread: must be quick and thread-safe.
 */
public interface JobPlanner {
    JobPlanner NONE = new JobPlanner() {};

    /** Jobs for newly accepted tickets. */
    default List<PrintJob.Spec> accepted(List<Ticket> tickets, Instant now) {
        return List.of();
    }

    /** Jobs for tickets that lost lines to a void ({@code voidedLineIds}, empty when the whole order). */
    default List<PrintJob.Spec> voided(List<Ticket> changed, List<String> voidedLineIds, Instant now) {
        return List.of();
    }
}
