package id.dapur.edge.cloud;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CloudOutbox} in memory, for the sender's tests (the H2 one is tested in edge-agent). */
final class MemoryOutbox implements CloudOutbox {
    private final TreeMap<Long, CloudEvent> events = new TreeMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    final List<Rejected> deadLetters = new CopyOnWriteArrayList<>();
    private long seq;

    /** Event number {@code n} of a stream, of a type and with a payload as the contract has them for that stream (plus {@code n}). */
    synchronized void add(String stream, int n) {
        seq++;
        String at = Instant.now().toString();
        String[] typed = switch (stream) {
            case "orders" ->
                new String[] {"ORDER_EVENT", "{\"orderId\":\"O-%d\",\"event\":\"ACCEPTED\",\"at\":\"%s\",\"n\":%d}"};
            case "readings" ->
                new String[] {"SENSOR_READING", "{\"sensorId\":\"s-%d\",\"at\":\"%s\",\"celsius\":3.5,\"n\":%d}"};
            case "tickets" ->
                new String[] {
                    "TICKET",
                    "{\"ticketId\":\"O-%d/wok\",\"orderId\":\"O\",\"station\":\"wok\",\"status\":\"NEW\","
                            + "\"createdAt\":\"%2$s\",\"updatedAt\":\"%2$s\",\"channel\":\"DINE_IN\",\"items\":[],\"n\":%3$d}"
                };
            case "alerts" ->
                new String[] {
                    "ALERT",
                    "{\"alertId\":\"a-%d\",\"kind\":\"SENSOR_STALE\",\"severity\":\"WARNING\",\"subject\":\"s\","
                            + "\"message\":\"m\",\"raisedAt\":\"%s\",\"n\":%d}"
                };
            default ->
                new String[] {
                    "COMMAND",
                    "{\"commandId\":\"c-%d\",\"type\":\"reprint\",\"result\":{\"status\":\"SUCCEEDED\"},"
                            + "\"at\":\"%s\",\"n\":%d}"
                };
        };
        String payload = String.format(typed[1], n, at, n);
        events.put(
                seq,
                new CloudEvent(seq, "test:" + seq, stream, typed[0], Instant.now(), payload, payload.length() + 50));
    }

    void added() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public synchronized Future<List<CloudEvent>> oldest(long afterSeq, int maxEvents, int maxBytes) {
        List<CloudEvent> out = new ArrayList<>();
        long bytes = 0;
        for (CloudEvent e : events.tailMap(afterSeq, false).values()) {
            if (out.size() >= maxEvents || !out.isEmpty() && bytes + e.bytes() > maxBytes) {
                break;
            }
            bytes += e.bytes();
            out.add(e);
        }
        return Future.succeededFuture(out);
    }

    @Override
    public synchronized Future<Void> settle(List<CloudEvent> done, List<Rejected> rejected) {
        done.forEach(e -> events.remove(e.seq()));
        deadLetters.addAll(rejected);
        return Future.succeededFuture();
    }

    @Override
    public synchronized Backlog backlog() {
        return new Backlog(
                events.size(),
                events.values().stream().mapToLong(CloudEvent::bytes).sum(),
                events.isEmpty() ? null : events.firstEntry().getValue().at());
    }

    @Override
    public void onAdded(Runnable listener) {
        listeners.add(listener);
    }
}
