package id.dapur.edge.cloud.fleet;

import id.dapur.edge.cloud.CloudEvent;
import id.dapur.edge.cloud.CloudOutbox;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated outlet's outbox, in memory (the agent's is H2): events by seq, with running totals so
 * {@link #backlog()} is cheap, and the largest backlog it ever held. Thread-safe.
 */
final class MemoryOutbox implements CloudOutbox {
    private final TreeMap<Long, CloudEvent> events = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long bytes;
    private long peak;
    private long rejected;

    void add(CloudEvent e) {
        synchronized (this) {
            events.put(e.seq(), e);
            bytes += e.bytes();
            peak = Math.max(peak, events.size());
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public synchronized Future<List<CloudEvent>> oldest(long afterSeq, int maxEvents, int maxBytes) {
        List<CloudEvent> out = new ArrayList<>();
        long size = 0;
        for (CloudEvent e : events.tailMap(afterSeq, false).values()) {
            if (out.size() >= maxEvents || !out.isEmpty() && size + e.bytes() > maxBytes) {
                break;
            }
            size += e.bytes();
            out.add(e);
        }
        return Future.succeededFuture(out);
    }

    @Override
    public synchronized Future<Void> settle(List<CloudEvent> done, List<Rejected> refused) {
        for (CloudEvent e : done) {
            if (events.remove(e.seq()) != null) {
                bytes -= e.bytes();
            }
        }
        rejected += refused.size();
        return Future.succeededFuture();
    }

    @Override
    public synchronized Backlog backlog() {
        return new Backlog(
                events.size(),
                bytes,
                events.isEmpty() ? null : events.firstEntry().getValue().at());
    }

    @Override
    public void onAdded(Runnable listener) {
        listeners.add(listener);
    }

    synchronized long peak() {
        return peak;
    }

    synchronized long rejected() {
        return rejected;
    }
}
