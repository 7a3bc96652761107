package id.dapur.edge.agent.bench;

import id.dapur.edge.agent.kitchen.H2OrderStore;
import id.dapur.edge.agent.kitchen.OrderStore;
import id.dapur.edge.agent.orders.Order;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The store alone, no broker: how fast can the writer accept orders durably? {@code StoreBench [orders]} */
public final class StoreBench {
    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 20_000);
    }

    /** Accepts {@code n} orders durably through the writer alone; returns orders/s. */
    static double run(int n) throws Exception {
        Path dir = Files.createTempDirectory("dapur-storebench-");
        Vertx vertx = Vertx.vertx();
        Database db = Database.open(dir, false);
        GroupCommitWriter writer = new GroupCommitWriter(db, e -> {});
        H2OrderStore store = TestStores.orders(vertx, db, writer);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            orders.add(Orders.parsed("SB-" + i));
        }
        long t0 = System.nanoTime();
        // at most 5,000 outstanding: the writer's queue is bounded (10,000)
        for (int from = 0; from < n; from += 5_000) {
            List<Future<OrderStore.Acceptance>> window = new ArrayList<>();
            for (Order o : orders.subList(from, Math.min(n, from + 5_000))) {
                window.add(store.accept(o));
            }
            Future.all(window).await(300, TimeUnit.SECONDS);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%d orders accepted durably in %.2f s: %.0f orders/s%n[%s]%n", n, s, n / s, writer.profile());
        System.out.printf("file: %d MB%n", Files.size(Database.file(dir)) / (1024 * 1024));
        writer.close();
        db.close();
        vertx.close();
        return n / s;
    }
}
