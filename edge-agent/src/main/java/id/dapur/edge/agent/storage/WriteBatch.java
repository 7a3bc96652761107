package id.dapur.edge.agent.storage;

import java.util.ArrayList;
import java.util.List;

/** What the tasks of one group commit queued for publication, in commit order. */
public final class WriteBatch {
    private final List<OutboxEntry> outbox = new ArrayList<>();
    private final List<PrintJob> printJobs = new ArrayList<>();
    private int printMark;

    void add(OutboxEntry e) {
        outbox.add(e);
    }

    void add(PrintJob j) {
        printJobs.add(j);
    }

    int mark() {
        printMark = printJobs.size();
        return outbox.size();
    }

    void reset(int mark) {
        outbox.subList(mark, outbox.size()).clear();
        printJobs.subList(printMark, printJobs.size()).clear();
    }

    List<PrintJob> printJobs() {
        return printJobs;
    }

    List<OutboxEntry> outbox() {
        return outbox;
    }
}
