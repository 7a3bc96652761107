package id.dapur.edge.agent.storage;

/**
 * The steps of a change through the storage writer, timed for /metrics
 * ({@code dapur_storage_stage_seconds{stage}}): where a commit's latency goes.
 */
public enum WriteStage {
    /** A task's wait in the queue until the writer took its batch. */
    QUEUED,
    /** The batch's tasks running their SQL. */
    WORK,
    /** COMMIT: H2 takes the batch in memory (its file is written behind, in checkpoints). */
    COMMIT,
    /** The batch's journal record appended and fdatasynced: what makes it durable (durable batches only). */
    SYNC,
    /** Telling the after-commit subscribers (outbox publisher, screens, cloud). */
    TELL;

    /** Who records the times; the writer's default records nothing. */
    @FunctionalInterface
    public interface Recorder {
        void record(WriteStage stage, long nanos);
    }
}
