package id.dapur.edge.agent.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * What the tasks of one group commit published, in commit order: typed records (an outbox entry, a
 * ticket change, a print job, a cloud event written...) that the writer hands, after the commit, to
 * whoever subscribed to their type ({@link GroupCommitWriter#subscribe}). A task that fails takes
 * its publications back with it. The writer knows no publication type: features define them.
 */
public final class WriteBatch {
    private final List<Object> published = new ArrayList<>();
    private final boolean cloud;

    WriteBatch(boolean cloud) {
        this.cloud = cloud;
    }

    /** Whether events for the cloud are written (a cloud is configured). */
    public boolean cloud() {
        return cloud;
    }

    /** Told to subscribers of its type once the commit is durable (or, for a non-durable task, committed). */
    public void publish(Object publication) {
        published.add(publication);
    }

    int mark() {
        return published.size();
    }

    void reset(int mark) {
        published.subList(mark, published.size()).clear();
    }

    List<Object> published() {
        return published;
    }
}
