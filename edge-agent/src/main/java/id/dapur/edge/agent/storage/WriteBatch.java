package id.dapur.edge.agent.storage;

import java.util.ArrayList;
import java.util.List;

/** What the tasks of one group commit queued for publication, in commit order. */
public final class WriteBatch {
    private final List<OutboxEntry> outbox = new ArrayList<>();

    void add(OutboxEntry e) {
        outbox.add(e);
    }

    int mark() {
        return outbox.size();
    }

    void reset(int mark) {
        outbox.subList(mark, outbox.size()).clear();
    }

    List<OutboxEntry> outbox() {
        return outbox;
    }
}
