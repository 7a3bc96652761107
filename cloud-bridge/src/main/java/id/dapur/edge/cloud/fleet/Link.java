package id.dapur.edge.cloud.fleet;

import id.dapur.edge.cloud.CloudClient;
import id.dapur.edge.cloud.CloudEvent;
import id.dapur.edge.cloud.CloudException;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.cloud.ConfigDocument;
import id.dapur.edge.cloud.Credential;
import id.dapur.edge.cloud.Download;
import id.dapur.edge.cloud.EventResult;
import id.dapur.edge.cloud.OrderFeed;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A simulated outlet's way to its back office: the agent's own client behind a switch the fleet
 * shares (a cloud outage: while it is off nothing is sent, and a call under way when it goes off is
 * lost as a dropped connection would lose it), and a tally of the answers to its events (every seq
 * answered, none ACCEPTED twice).
 */
final class Link implements CloudClient {
    /** The fleet's switch: off during an outage. */
    static final class Switch {
        private volatile boolean down;
        private final AtomicLong epoch = new AtomicLong();

        void down() {
            epoch.incrementAndGet();
            down = true;
        }

        void up() {
            down = false;
        }

        boolean isDown() {
            return down;
        }
    }

    private final CloudClient real;
    private final Switch power;
    private final String keyPrefix;
    private final IntConsumer taken;
    private final BitSet answered = new BitSet();
    private final BitSet accepted = new BitSet();
    private long acceptedTwice;
    private long acceptedCount;
    private long duplicateCount;
    private long rejectedCount;

    Link(CloudClient real, Switch power, String keyPrefix, IntConsumer taken) {
        this.taken = taken;
        this.real = real;
        this.power = power;
        this.keyPrefix = keyPrefix;
    }

    private <T> Future<T> via(Supplier<Future<T>> call) {
        if (power.isDown()) {
            return Future.failedFuture(
                    CloudException.network("ConnectException: the back office is unreachable (fleet-sim outage)"));
        }
        long epoch = power.epoch.get();
        return call.get().transform(ar -> {
            if (power.epoch.get() != epoch) {
                return Future.failedFuture(CloudException.network("the connection dropped in the outage (fleet-sim)"));
            }
            return ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause());
        });
    }

    @Override
    public Future<Credential> register(String provisioningCode, Map<String, Object> device) {
        return via(() -> real.register(provisioningCode, device));
    }

    @Override
    public Future<Credential> rotateCredential() {
        return via(real::rotateCredential);
    }

    @Override
    public void credential(Credential credential) {
        real.credential(credential);
    }

    @Override
    public Future<Optional<ConfigDocument>> config(String etag) {
        return via(() -> real.config(etag));
    }

    @Override
    public Future<Void> configReport(Map<String, Object> report) {
        return via(() -> real.configReport(report));
    }

    @Override
    public Future<List<EventResult>> send(String batchId, List<CloudEvent> events) {
        return via(() -> real.send(batchId, events)).onSuccess(this::tally);
    }

    private synchronized void tally(List<EventResult> results) {
        int done = 0;
        for (EventResult r : results) {
            if (!r.key().startsWith(keyPrefix) || !r.status().done()) {
                continue;
            }
            int seq = Integer.parseInt(r.key().substring(keyPrefix.length()));
            answered.set(seq);
            done++;
            switch (r.status()) {
                case ACCEPTED -> {
                    acceptedCount++;
                    if (accepted.get(seq)) {
                        acceptedTwice++;
                    }
                    accepted.set(seq);
                }
                case DUPLICATE -> duplicateCount++;
                case REJECTED -> rejectedCount++;
                default -> {}
            }
        }
        taken.accept(done);
    }

    @Override
    public Future<Map<String, Object>> heartbeat(Map<String, Object> heartbeat) {
        return via(() -> real.heartbeat(heartbeat));
    }

    @Override
    public Future<List<Command>> commands(int waitSeconds) {
        return via(() -> real.commands(waitSeconds));
    }

    @Override
    public Future<Void> commandResult(String commandId, CommandResult result) {
        return via(() -> real.commandResult(commandId, result));
    }

    @Override
    public Future<OrderFeed.Page> orderFeed(String cursor, int waitSeconds) {
        return via(() -> real.orderFeed(cursor, waitSeconds));
    }

    @Override
    public Future<Download> download(String url, Path target, long maxBytes) {
        return via(() -> real.download(url, target, maxBytes));
    }

    @Override
    public void close() {
        real.close();
    }

    /** What the back office answered for events 1..{@code generated}: [answered, accepted, accepted twice, duplicates, rejected]. */
    synchronized long[] tallies(int generated) {
        return new long[] {
            answered.get(1, generated + 1).cardinality(), acceptedCount, acceptedTwice, duplicateCount, rejectedCount
        };
    }
}
