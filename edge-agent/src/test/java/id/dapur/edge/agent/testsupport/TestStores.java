package id.dapur.edge.agent.testsupport;

import id.dapur.edge.agent.kitchen.H2OrderStore;
import id.dapur.edge.agent.kitchen.KitchenRules;
import id.dapur.edge.agent.kitchen.StationRouter;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;

/** The order store as the storage tests and benchmarks use it: the standard stations (fallback wok), outlet jkt-01. */
public final class TestStores {
    private TestStores() {}

    public static H2OrderStore orders(Vertx vertx, Database db, GroupCommitWriter writer) {
        return new H2OrderStore(
                vertx,
                db,
                writer,
                new StationRouter(Stations.STANDARD, "wok"),
                new KitchenRules(Duration.ofMinutes(15), true),
                new Topics("jkt-01"),
                Clock.systemUTC());
    }
}
