package id.dapur.edge.agent.storage;

/**
 * What the storage writer did, for /metrics and its log line at shutdown. Written by the writer
 * thread only; read from any thread.
 */
final class WriterStats {
    private volatile long syncs;
    private volatile long batches;
    private volatile long tasks;
    private volatile long workNanos;
    private volatile long commitNanos;
    private volatile long syncNanos;

    /** One committed batch: its size, whether it was synced, and the time of its three steps. */
    void batch(int size, boolean synced, long work, long commit, long sync) {
        if (synced) {
            syncs++;
        }
        workNanos += work;
        commitNanos += commit;
        syncNanos += sync;
        tasks += size;
        batches++;
    }

    long syncs() {
        return syncs;
    }

    long batches() {
        return batches;
    }

    double meanBatchSize() {
        return batches == 0 ? 0 : (double) tasks / batches;
    }

    /** Where the writer's time went, in ms per batch: the tasks' work, COMMIT, CHECKPOINT SYNC. */
    String profile() {
        long b = Math.max(1, batches);
        return String.format(
                "batches: %d, tasks: %d, per batch: %.1f tasks, work %.3f ms, commit %.3f ms, sync %.3f ms",
                batches, tasks, meanBatchSize(), workNanos / 1e6 / b, commitNanos / 1e6 / b, syncNanos / 1e6 / b);
    }
}
