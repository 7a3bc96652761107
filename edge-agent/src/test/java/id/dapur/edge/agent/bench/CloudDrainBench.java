package id.dapur.edge.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dapur.edge.agent.storage.CloudRows;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.H2CloudOutbox;
import id.dapur.edge.cloud.CloudEventType;
import id.dapur.edge.cloud.Credential;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.OutboxSender;
import id.dapur.edge.cloud.Reachability;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drain of a backlog from the H2 outbox to the fake cloud on loopback: events/s, time to empty, and
 * disk bytes per buffered event. {@code CloudDrainBench [events] [maxEvents per batch] [maxKb per batch]}
 */
public final class CloudDrainBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int maxEvents = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int maxKb = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        Path dir = Files.createTempDirectory("dapur-drainbench-");
        Vertx vertx = Vertx.vertx();
        Database db = Database.open(dir, false);
        GroupCommitWriter writer = new GroupCommitWriter(db, e -> {});
        H2CloudOutbox outbox = new H2CloudOutbox(vertx, db, writer, Clock.systemUTC(), "bench-instance");
        outbox.open();
        writer.submit(null, true, (c, b) -> null).await(10, TimeUnit.SECONDS);
        long empty = Files.size(Database.file(dir));

        // a kitchen's mix: per order one ORDER, one ORDER_EVENT, three TICKETs; plus sensor readings
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += 1000) {
            int start = from;
            writer.submit(null, from + 1000 >= n, (c, batch) -> {
                        for (int i = start; i < Math.min(n, start + 1000); i++) {
                            int kind = i % 10;
                            if (kind < 2) {
                                CloudRows.add(c, batch, CloudEventType.ORDER, order(i), Instant.now());
                            } else if (kind < 3) {
                                CloudRows.add(
                                        c,
                                        batch,
                                        CloudEventType.ORDER_EVENT,
                                        Map.of(
                                                "orderId",
                                                "B-" + i,
                                                "event",
                                                "ACCEPTED",
                                                "at",
                                                Instant.now().toString(),
                                                "ticketIds",
                                                List.of("B-" + i + "/wok", "B-" + i + "/bar")),
                                        Instant.now());
                            } else if (kind < 8) {
                                CloudRows.add(c, batch, CloudEventType.TICKET, ticket(i), Instant.now());
                            } else {
                                CloudRows.add(
                                        c,
                                        batch,
                                        CloudEventType.SENSOR_READING,
                                        Map.of(
                                                "sensorId",
                                                "fridge-" + (i % 4),
                                                "at",
                                                Instant.now().toString(),
                                                "celsius",
                                                3.4,
                                                "value",
                                                3.4,
                                                "unit",
                                                "C"),
                                        Instant.now());
                            }
                        }
                        return null;
                    })
                    .await(60, TimeUnit.SECONDS);
        }
        double fillS = (System.nanoTime() - t0) / 1e9;
        writer.submit(null, true, (c, b) -> null).await(10, TimeUnit.SECONDS);
        long full = Files.size(Database.file(dir));
        System.out.printf(
                "backlog: %d events written in %.1f s; outbox accounts %d bytes (%.0f per event); H2 file grew %d -> %d bytes: %.0f disk bytes per event%n",
                n,
                fillS,
                outbox.backlog().bytes(),
                outbox.backlog().bytes() / (double) n,
                empty,
                full,
                (full - empty) / (double) n);

        FakeCloud cloud = FakeCloud.start().keepPayloads(false); // it shares this JVM: keys only
        cloud.provisioningCode("bench-code-1");
        CloudConfig cfg = new ConfigLoader(Map.of())
                .fromTree(new ObjectMapper(new YAMLFactory()).readTree("""
                outlet: { id: bench-01, tenant: t }
                mqtt: { embedded: { port: 1883 }, accounts: [ { username: pos-1, password: "pos-password-1", role: pos } ] }
                http: { port: 8080, tokens: [ { token: "admin-token-123456", role: admin } ] }
                storage: { dir: ./data }
                stations: [ { id: wok, name: Wok, categories: [wok] } ]
                cloud:
                  url: %s
                  batch: { maxEvents: %d, maxKb: %d, maxAge: 0s }
                """.formatted(cloud.url(), maxEvents, maxKb)))
                .cloud()
                .orElseThrow();
        HttpCloudClient client = new HttpCloudClient(vertx, cfg, "bench-01");
        Credential cred =
                client.register("bench-code-1", Map.of("outletId", "bench-01")).await(10, TimeUnit.SECONDS);
        client.credential(cred);
        OutboxSender sender = new OutboxSender(
                vertx,
                client,
                outbox,
                cfg.batch(),
                new Reachability(cfg.retry(), Clock.systemUTC()),
                Clock.systemUTC());

        long d0 = System.nanoTime();
        sender.start();
        while (outbox.backlog().events() > 0) {
            Thread.sleep(5); // a benchmark's own polling; nothing is synchronised on it
        }
        double drainS = (System.nanoTime() - d0) / 1e9;
        System.out.printf(
                "drain: %d events in %.2f s: %.0f events/s; %d batches of up to %d events / %d KiB; cloud applied %d, duplicates %d, out of order %d%n",
                n,
                drainS,
                n / drainS,
                cloud.batches(),
                maxEvents,
                maxKb,
                cloud.events().size(),
                cloud.duplicates(),
                cloud.outOfOrder());
        System.out.printf("[%s]%n", writer.profile());
        // the figures mean nothing unless the cloud got every event exactly once, in order
        if (cloud.events().size() != n || cloud.duplicates() != 0 || cloud.outOfOrder() != 0) {
            throw new IllegalStateException(
                    "cloud drain result is wrong: applied " + cloud.events().size() + " of " + n + ", duplicates "
                            + cloud.duplicates() + ", out of order " + cloud.outOfOrder());
        }
        System.out.println("checked: every event applied exactly once, in order");
        sender.stop();
        client.close();
        cloud.close();
        writer.close();
        db.close();
        vertx.close();
    }

    private static Map<String, Object> order(int i) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("orderId", "B-" + i);
        o.put("source", "pos-1");
        o.put("channel", "DINE_IN");
        o.put("table", "12");
        o.put("placedAt", "2026-11-23T07:00:00Z");
        o.put(
                "items",
                List.of(
                        Map.of(
                                "lineId",
                                "1",
                                "sku",
                                "NG-01",
                                "name",
                                "Nasi Goreng",
                                "qty",
                                2,
                                "category",
                                "wok",
                                "modifiers",
                                List.of("extra pedas")),
                        Map.of("lineId", "2", "sku", "ET-01", "name", "Es Teh Manis", "qty", 2, "category", "drinks")));
        return o;
    }

    private static Map<String, Object> ticket(int i) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ticketId", "B-" + i + "/wok");
        t.put("orderId", "B-" + i);
        t.put("station", "wok");
        t.put("status", "NEW");
        t.put("createdAt", "2026-11-23T07:00:00Z");
        t.put("updatedAt", "2026-11-23T07:00:00Z");
        t.put("channel", "DINE_IN");
        t.put("table", "12");
        t.put(
                "items",
                List.of(Map.of(
                        "lineId",
                        "1",
                        "name",
                        "Nasi Goreng",
                        "qty",
                        2,
                        "modifiers",
                        List.of("extra pedas"),
                        "note",
                        "",
                        "allergens",
                        List.of("egg"),
                        "status",
                        "NEW")));
        return t;
    }
}
