package id.dapur.edge.agent.bench;

import id.dapur.edge.agent.messaging.NoDelaySocketFactory;
import id.dapur.edge.agent.testsupport.FreePorts;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.Mosquitto;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The order pipeline benchmark (docs/PERFORMANCE.md). Runs the packaged agent in a child JVM with
 * the given heap flags and measures, on one broker: ready time, broker round trip, order → first
 * station ticket at a paced rate, fsync of a 1 KiB append, the most durable orders/s one POS can
 * push, RSS, and bytes written to disk per order. {@code --broker embedded|mosquitto}.
 */
public final class PipelineBench {
    public static void main(String[] args) throws Exception {
        String broker = args.length > 1 && args[0].equals("--broker") ? args[1] : "embedded";
        Path dir = Files.createTempDirectory("dapur-bench-");
        TestConfig config =
                broker.equals("mosquitto") ? TestConfig.external(dir, FreePorts.next()) : TestConfig.embedded(dir);
        Mosquitto mosquitto = broker.equals("mosquitto")
                ? Mosquitto.start(config.load(), dir.resolve("mosq"), config.mqttPort())
                : null;
        FloorBench.Agent started = FloorBench.Agent.start(config, dir);
        Process agent = started.process;
        Http anon = started.anon;
        double readyMs = started.readyMs;
        try {
            System.out.printf("broker: %s, agent JVM: %s%n", broker, started.jvm);
            System.out.printf("ready (process start to /health 200): %.0f ms%n", readyMs);
            Stats rtt = brokerRoundTrip(config, 2_000, 500);
            System.out.println("broker round trip QoS 1 at 500/s (pub -> sub):      " + rtt);
            Stats fsync = fsync(dir, 2_000);
            System.out.println("fsync of a 1 KiB append on this disk:                 " + fsync);
            Stats orderToTicket = orderToTicket(config, 1_500, 50);
            System.out.println("order published -> first station ticket at 50/s:     " + orderToTicket);
            System.out.printf(
                    "target p99 <= 3 x (broker p99 + fsync p99) = %.3f ms: %s%n",
                    3 * (rtt.p99() + fsync.p99()),
                    orderToTicket.p99() <= 3 * (rtt.p99() + fsync.p99()) ? "met" : "NOT met");
            long pid = agent.pid();
            long writtenBefore = ProcStats.writeBytes(pid);
            int n = 20_000;
            double rate = durableThroughput(config, n);
            long written = ProcStats.writeBytes(pid) - writtenBefore;
            System.out.printf("durable orders/s, one POS, %d orders (ACCEPTED after fsync): %.0f%n", n, rate);
            System.out.printf("bytes written to disk per order (procfs write_bytes): %.0f%n", (double) written / n);
            System.out.printf("RSS after the run: %d MB%n", ProcStats.rssKb(pid) / 1024);
            System.out.printf(
                    "database file after %d orders: %d MB%n",
                    n + 1_500, Files.size(dir.resolve("data").resolve("dapur.mv.db")) / (1024 * 1024));
            // every order the bench sent is stored exactly once: resends were answered DUPLICATE, not stored again
            double stored = acceptedCount(anon);
            if (stored != n + 1_500) {
                throw new IllegalStateException(
                        "the agent counts " + stored + " orders ACCEPTED, but " + (n + 1_500) + " were sent");
            }
            System.out.printf(
                    "checked: %d orders ACCEPTED, each exactly once; every broker round trip delivered once%n",
                    n + 1_500);
        } finally {
            started.close();
            if (mosquitto != null) {
                mosquitto.close();
            }
        }
    }

    /** dapur_orders_total{result="accepted"} from /metrics. */
    static double acceptedCount(Http anon) {
        return anon.get("/metrics")
                .body()
                .lines()
                .filter(l -> l.startsWith("dapur_orders_total{result=\"accepted\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    static MqttAsyncClient client(TestConfig c, String user) throws MqttException {
        MqttAsyncClient client =
                new MqttAsyncClient(c.mqttUrl(), user + "-bench-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(TestConfig.PASSWORD.toCharArray());
        o.setMaxInflight(100);
        o.setSocketFactory(new NoDelaySocketFactory());
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                System.out.println("  bench client " + user + " lost its connection: " + cause);
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {}

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
        });
        client.connect(o).waitForCompletion(10_000);
        return client;
    }

    /** Publisher and subscriber are separate clients (one client publishing to its own subscription stalls on Moquette). */
    static Stats brokerRoundTrip(TestConfig c, int n, int perSecond) throws Exception {
        // the admin account at both ends: this measures the broker alone, not a role's topics
        MqttAsyncClient pub = client(c, "ops");
        MqttAsyncClient sub = client(c, "ops");
        long[] sentAt = new long[n];
        long[] lat = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        BitSet seen = new BitSet(n);
        AtomicInteger doubled = new AtomicInteger();
        sub.subscribe(TestConfig.ROOT + "/orders/bench/events", 1, (t, m) -> {
                    int i = Integer.parseInt(new String(m.getPayload(), StandardCharsets.UTF_8));
                    synchronized (seen) {
                        if (seen.get(i)) {
                            doubled.incrementAndGet();
                            return;
                        }
                        seen.set(i);
                    }
                    lat[i] = System.nanoTime() - sentAt[i];
                    done.countDown();
                })
                .waitForCompletion();
        long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pace(next);
            sentAt[i] = System.nanoTime();
            pub.publish(
                    TestConfig.ROOT + "/orders/bench/events",
                    Integer.toString(i).getBytes(),
                    1,
                    false);
            next += interval;
        }
        boolean all = done.await(60, TimeUnit.SECONDS);
        pub.disconnect().waitForCompletion();
        sub.disconnect().waitForCompletion();
        // a lost message would count as 0 ns and flatter the figures: a wrong result is no result
        if (!all || doubled.get() > 0) {
            throw new IllegalStateException("broker round trip result is wrong: " + (n - done.getCount()) + " of " + n
                    + " delivered, " + doubled.get() + " delivered twice");
        }
        return Stats.of(lat);
    }

    /** Waits for the next send time without burning a core the agent needs (2 cores in all). */
    static void pace(long next) {
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    static Stats fsync(Path dir, int n) throws Exception {
        long[] lat = new long[n];
        byte[] kb = new byte[1024];
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("fsync.bin").toFile(), "rw")) {
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                f.write(kb);
                f.getFD().sync();
                lat[i] = System.nanoTime() - s;
            }
        }
        return Stats.of(lat);
    }

    /** Paced orders; latency from publish to the first ticket of that order on any station topic. */
    static Stats orderToTicket(TestConfig c, int n, int perSecond) throws Exception {
        MqttAsyncClient pos = client(c, "pos-1");
        MqttAsyncClient kds = client(c, "kds-wok");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] lat = new long[n];
        AtomicInteger got = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        kds.subscribe(TestConfig.ROOT + "/kds/+/tickets", 1, (t, m) -> {
                    String p = new String(m.getPayload(), StandardCharsets.UTF_8);
                    int a = p.indexOf("\"orderId\":\"") + 11;
                    Long s = sentAt.remove(p.substring(a, p.indexOf('"', a)));
                    if (s != null) {
                        lat[got.getAndIncrement()] = System.nanoTime() - s;
                        done.countDown();
                    }
                })
                .waitForCompletion();
        long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < n; i++) {
            pace(next);
            String id = "LAT-" + i;
            byte[] order = Orders.bytes(id);
            sentAt.put(id, System.nanoTime());
            pos.publish(TestConfig.ROOT + "/orders/in", order, 1, false);
            next += interval;
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + got.get() + " of " + n + " tickets arrived");
        }
        pos.disconnect().waitForCompletion();
        kds.disconnect().waitForCompletion();
        return Stats.of(lat);
    }

    /**
     * As fast as one POS can publish with a bounded in-flight window, resending whatever
     * got no answer once the stream is done; rate = orders / time to the last ACCEPTED.
     */
    static double durableThroughput(TestConfig c, int n) throws Exception {
        // publishing and listening on one connection stalls Moquette 0.17's session loop under a flood
        // (keepalive times out); a POS terminal can hold two connections, as here
        MqttAsyncClient pos = client(c, "pos-1");
        MqttAsyncClient listener = client(c, "pos-1");
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        listener.subscribe(TestConfig.ROOT + "/orders/+/events", 1, (t, m) -> {
                    String p = new String(m.getPayload(), StandardCharsets.UTF_8);
                    if (p.contains("\"event\":\"ACCEPTED\"") || p.contains("\"event\":\"DUPLICATE\"")) {
                        unanswered.remove(t.substring(TestConfig.ROOT.length() + 8, t.length() - 7));
                    }
                })
                .waitForCompletion();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            unanswered.add("THR-" + i);
            send(pos, "THR-" + i);
        }
        int resent = 0;
        long lastProgress = System.nanoTime();
        int lastSize = unanswered.size();
        while (!unanswered.isEmpty()) {
            Thread.sleep(20); // benchmark polling, not test synchronisation
            if (unanswered.size() != lastSize) {
                lastSize = unanswered.size();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 3_000_000_000L) {
                for (String id : List.copyOf(unanswered)) {
                    send(pos, id);
                    resent++;
                }
                lastProgress = System.nanoTime();
            }
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        System.out.printf("  (orders resent by the POS after 3 s without an answer: %d)%n", resent);
        pos.disconnect().waitForCompletion();
        listener.disconnect().waitForCompletion();
        return rate;
    }

    /** The POS's own in-flight window: a publish waits (parked, not spinning) until a PUBACK frees a place. */
    static final Semaphore WINDOW = new Semaphore(100);

    static void send(MqttAsyncClient pos, String id) throws Exception {
        WINDOW.acquire();
        pos.publish(
                TestConfig.ROOT + "/orders/in",
                Orders.bytes(id),
                1,
                false,
                null,
                new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                    @Override
                    public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken t) {
                        WINDOW.release();
                    }

                    @Override
                    public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken t, Throwable e) {
                        WINDOW.release();
                    }
                });
    }
}
