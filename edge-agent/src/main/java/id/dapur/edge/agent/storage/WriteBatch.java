package id.dapur.edge.agent.storage;

import java.util.ArrayList;
import java.util.List;

/** What the tasks of one group commit queued for publication, in commit order. */
public final class WriteBatch {
    private final List<OutboxEntry> outbox = new ArrayList<>();
    private final List<PrintJob> printJobs = new ArrayList<>();
    private int printMark;
    private final boolean cloud;
    private int cloudEvents;
    private long cloudBytes;
    private java.time.Instant cloudFirst;
    private int cloudEventsMark;
    private long cloudBytesMark;

    WriteBatch(boolean cloud) {
        this.cloud = cloud;
    }

    /** Whether events for the cloud are written (a cloud is configured). */
    boolean cloud() {
        return cloud;
    }

    void cloudAdded(int bytes, java.time.Instant at) {
        cloudEvents++;
        cloudBytes += bytes;
        if (cloudFirst == null || at.isBefore(cloudFirst)) {
            cloudFirst = at;
        }
    }

    int cloudEvents() {
        return cloudEvents;
    }

    long cloudBytes() {
        return cloudBytes;
    }

    java.time.Instant cloudFirst() {
        return cloudFirst;
    }

    void add(OutboxEntry e) {
        outbox.add(e);
    }

    void add(PrintJob j) {
        printJobs.add(j);
    }

    int mark() {
        printMark = printJobs.size();
        cloudEventsMark = cloudEvents;
        cloudBytesMark = cloudBytes;
        return outbox.size();
    }

    void reset(int mark) {
        outbox.subList(mark, outbox.size()).clear();
        printJobs.subList(printMark, printJobs.size()).clear();
        cloudEvents = cloudEventsMark;
        cloudBytes = cloudBytesMark;
    }

    List<PrintJob> printJobs() {
        return printJobs;
    }

    List<OutboxEntry> outbox() {
        return outbox;
    }
}
