package id.dapur.edge.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.testsupport.Http;
import id.dapur.edge.agent.testsupport.MqttProbe;
import id.dapur.edge.agent.testsupport.Orders;
import id.dapur.edge.agent.testsupport.TestConfig;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.devices.sim.Printout;
import id.dapur.edge.devices.sim.SimulatedNetworkPrinter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kitchen a power cut lands in: POS terminals over HTTP and one over MQTT, chits
 * spooling to a simulated network printer, a fridge sensor that goes over its limit every other
 * cycle (an excursion and its alert, then cleared), and the cloud outbox draining to the fake cloud.
 * The printer and the cloud live in the harness, so they remember across cuts; what the agent
 * acknowledged before each cut is collected here and checked after the restarts.
 */
final class PowerCutKitchen implements AutoCloseable {
    static final String FRIDGE = TestConfig.ROOT + "/sensors/fridge-1";
    static final String ALERTS = TestConfig.ROOT + "/alerts";
    private static final Pattern ORDER_ID = Pattern.compile("\\bP[CM]-\\d+\\b");
    private static final int HTTP_TERMINALS = 4;

    final SimulatedNetworkPrinter printer = SimulatedNetworkPrinter.start(0);
    final FakeCloud cloud = FakeCloud.start();
    /** Every order acknowledged (201 over HTTP, ACCEPTED over MQTT) before some cut. */
    final List<String> acked = new ArrayList<>();
    /** Alerts seen raised on MQTT (published only after their commit), by id; and those seen cleared. */
    final Map<String, String> raised = new LinkedHashMap<>();

    final Set<String> cleared = new LinkedHashSet<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final int ordersPerSecond;
    private final int mqttPauseMillis;
    private final int sensorPauseMillis;

    PowerCutKitchen(int ordersPerSecond) {
        this(ordersPerSecond, 25, 50);
    }

    /**
     * {@code ordersPerSecond} over HTTP (four terminals together), {@code mqttPerSecond} over MQTT,
     * a fridge reading every {@code sensorPauseMillis}.
     */
    PowerCutKitchen(int ordersPerSecond, int mqttPerSecond, int sensorPauseMillis) {
        this.ordersPerSecond = ordersPerSecond;
        this.mqttPauseMillis = 1000 / Math.max(1, mqttPerSecond);
        this.sensorPauseMillis = sensorPauseMillis;
        cloud.provisioningCode("code-powercut-1");
    }

    /** The agent's configuration beyond the test outlet: the printer, the fridge, the cloud. */
    String yaml() {
        return """
                printers:
                  - { id: k1, connection: "tcp://127.0.0.1:%d", model: epson-tm-t20, stations: [wok] }
                printing: { fallbackPrinter: none }
                sensors:
                  - { id: fridge-1, name: Fridge 1, equipment: cold-hold, alertDelay: 0s, maxSilence: 1h }
                haccp: { jurisdiction: uk }
                """.formatted(printer.port()) + TestConfig.cloudYaml(cloud.url(), "code-powercut-1");
    }

    /** One cycle's load, running until {@link #kill}. */
    final class Load {
        final AtomicBoolean stopped = new AtomicBoolean();
        final AtomicBoolean killed = new AtomicBoolean();
        final AtomicInteger inFlight = new AtomicInteger();
        final ConcurrentLinkedQueue<String> httpAcked = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();
        final MqttProbe pos;
        final MqttProbe sensor;
        final MqttProbe ops;
        List<String> ackedThisCycle = List.of();
        int inFlightAtKill;
        int mqttSent;

        Load(TestConfig config, boolean hot) throws Exception {
            pos = MqttProbe.connect(config.mqttUrl(), "pos-1", TestConfig.PASSWORD)
                    .subscribe(TestConfig.ROOT + "/orders/+/events");
            sensor = MqttProbe.connect(config.mqttUrl(), "sensor-1", TestConfig.PASSWORD);
            ops = MqttProbe.connect(config.mqttUrl(), "ops", TestConfig.PASSWORD)
                    .subscribe(ALERTS);
            long pauseNanos = TimeUnit.SECONDS.toNanos(1) * HTTP_TERMINALS / Math.max(1, ordersPerSecond);
            for (int t = 0; t < HTTP_TERMINALS; t++) {
                thread("pos-http-" + t, () -> {
                    Http http = new Http(config.http(), TestConfig.POS_TOKEN);
                    while (!stopped.get()) {
                        String id = "PC-" + ids.incrementAndGet();
                        inFlight.incrementAndGet();
                        try {
                            if (http.post("/api/v1/orders", Orders.json(id)).status() == 201 && !killed.get()) {
                                httpAcked.add(id);
                            }
                        } catch (RuntimeException connectionGone) {
                            // the agent was killed mid-request: this order was never acknowledged
                        } finally {
                            inFlight.decrementAndGet();
                        }
                        TimeUnit.NANOSECONDS.sleep(pauseNanos); // the terminal's pace, part of the scenario
                    }
                });
            }
            thread("pos-mqtt", () -> {
                while (!stopped.get()) {
                    try {
                        pos.publish(TestConfig.ROOT + "/orders/in", Orders.json("PM-" + ids.incrementAndGet()));
                        mqttSent++;
                    } catch (Exception brokerGone) {
                        return; // the agent (and its embedded broker) was killed
                    }
                    TimeUnit.MILLISECONDS.sleep(mqttPauseMillis); // 25 orders/s by default, as a busy POS sends
                }
            });
            thread("fridge", () -> {
                // every other cycle the fridge warms past 8 °C: an excursion and its alert; the next cools it (cleared)
                String reading = "{\"temperature\": %s, \"unit\": \"C\"}".formatted(hot ? "10.5" : "4.0");
                while (!stopped.get()) {
                    try {
                        sensor.publish(FRIDGE, reading);
                    } catch (Exception brokerGone) {
                        return;
                    }
                    TimeUnit.MILLISECONDS.sleep(sensorPauseMillis); // the sensor's reporting interval
                }
            });
        }

        private void thread(String name, Interruptible body) {
            Thread th = new Thread(
                    () -> {
                        try {
                            body.run();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    name);
            th.setDaemon(true);
            th.start();
            threads.add(th);
        }

        /** Stops the terminals (the lull before a cut); the agent keeps running. */
        void stop() throws InterruptedException {
            stopped.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }

        /** What was acknowledged until now, the moment before the agent is killed. */
        void kill() {
            inFlightAtKill = inFlight.get();
            killed.set(true);
            List<String> mine = new ArrayList<>(httpAcked);
            for (MqttProbe.Received r : pos.all()) {
                JsonNode e = r.json();
                if (e.path("event").asText().equals("ACCEPTED")
                        && e.path("orderId").asText().startsWith("PM-")) {
                    mine.add(e.path("orderId").asText());
                }
            }
            ackedThisCycle = List.copyOf(new LinkedHashSet<>(mine));
            for (MqttProbe.Received r : ops.all()) {
                JsonNode a = r.json();
                if (!a.path("kind").asText().equals("TEMPERATURE_HIGH")) {
                    continue;
                }
                raised.put(a.path("alertId").asText(), a.path("kind").asText());
                if (a.hasNonNull("clearedAt")) {
                    cleared.add(a.path("alertId").asText());
                }
            }
            acked.addAll(ackedThisCycle);
        }

        void close() throws InterruptedException {
            stop();
            for (MqttProbe p : List.of(pos, sensor, ops)) {
                try {
                    p.close();
                } catch (Exception gone) {
                    // the broker died with the agent
                }
            }
        }
    }

    interface Interruptible {
        void run() throws InterruptedException;
    }

    /** Every raised alert whose MQTT publication was seen is in the HACCP record; every cleared one is cleared. */
    String checkAlerts(TestConfig config) {
        Http admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
        LocalDate today = LocalDate.now(ZoneId.systemDefault());
        String csv = admin.get("/api/v1/haccp/report?format=csv&date=" + today.minusDays(1))
                        .body()
                + admin.get("/api/v1/haccp/report?format=csv&date=" + today).body();
        JsonNode open = admin.get("/api/v1/alerts").json().path("alerts");
        Set<String> openIds = new HashSet<>();
        open.forEach(a -> openIds.add(a.path("alertId").asText()));
        for (String id : raised.keySet()) {
            boolean excursion = csv.lines().anyMatch(l -> l.startsWith("excursion") && l.contains(id));
            if (!excursion) {
                return "alert " + id
                        + " was published (so committed) before a cut, but its excursion is not in the HACCP record";
            }
        }
        for (String id : cleared) {
            if (openIds.contains(id)) {
                return "alert " + id + " was published cleared before a cut but is open again";
            }
        }
        return null;
    }

    /** Waits until the printer queue and the cloud outbox are empty (at most {@code seconds}). */
    String awaitDrained(TestConfig config, int seconds) throws InterruptedException {
        Http admin = new Http(config.http(), TestConfig.ADMIN_TOKEN);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonNode p = admin.get("/api/v1/printers").json().path("printers");
            long queued = 0;
            for (JsonNode w : p) {
                queued += w.path("queued").asLong();
            }
            JsonNode c = admin.get("/api/v1/cloud").json();
            long events = c.path("outbox").path("events").asLong(-1);
            if (queued == 0 && events == 0) {
                return null;
            }
            last = "printer queue " + queued + ", cloud outbox " + events + " (cloud: "
                    + c.path("registration").asText() + ")";
            Thread.sleep(200); // harness polling, not test synchronisation
        }
        return "not drained in " + seconds + " s: " + last;
    }

    /**
     * After the last restart, drained: each acknowledged order's wok chit printed at least once and
     * never twice without REPRINT; no chit for an order the agent does not have; the cloud applied
     * each order exactly once, none it does not have, and nothing out of order.
     */
    String checkPrinterAndCloud(TestConfig config) {
        Http pos = new Http(config.http(), TestConfig.POS_TOKEN);
        Map<String, int[]> chits = new HashMap<>(); // order -> {plain, reprint}
        for (Printout p : printer.printer().printouts()) {
            if (!p.isCut()) {
                continue; // torn off by the kill mid-ticket: the job is printed again, marked
            }
            String text = p.text();
            Set<String> orders = new LinkedHashSet<>();
            Matcher m = ORDER_ID.matcher(text);
            while (m.find()) {
                orders.add(m.group());
            }
            boolean reprint = text.contains("REPRINT");
            orders.forEach(o -> chits.computeIfAbsent(o, k -> new int[2])[reprint ? 1 : 0]++);
        }
        for (String id : acked) {
            int[] c = chits.get(id);
            if (c == null) {
                return "order " + id + " was ACCEPTED but its wok chit was never printed";
            }
        }
        for (Map.Entry<String, int[]> e : chits.entrySet()) {
            if (e.getValue()[0] > 1) {
                return "order " + e.getKey() + "'s chit was printed " + e.getValue()[0]
                        + " times without a REPRINT mark";
            }
            if (pos.get("/api/v1/orders/" + e.getKey()).status() != 200) {
                return "a chit was printed for order " + e.getKey() + ", which the agent does not have after the cut";
            }
        }
        Map<String, Integer> applied = new HashMap<>();
        for (FakeCloud.Received r : cloud.events("orders")) {
            if (r.type().equals("ORDER")) {
                applied.merge(r.payload().path("orderId").asText(), 1, Integer::sum);
            }
        }
        for (String id : acked) {
            Integer n = applied.get(id);
            if (n == null) {
                return "order " + id + " was ACCEPTED but never reached the cloud";
            }
        }
        for (Map.Entry<String, Integer> e : applied.entrySet()) {
            if (e.getValue() > 1) {
                return "the cloud applied order " + e.getKey() + " " + e.getValue() + " times";
            }
            if (pos.get("/api/v1/orders/" + e.getKey()).status() != 200) {
                return "the cloud has order " + e.getKey() + ", which the agent does not have after the cut";
            }
        }
        if (cloud.outOfOrder() != 0) {
            return "the cloud applied " + cloud.outOfOrder() + " events behind a later one of their stream";
        }
        return null;
    }

    int chitsPrinted() {
        return (int)
                printer.printer().printouts().stream().filter(Printout::isCut).count();
    }

    @Override
    public void close() {
        printer.close();
        cloud.close();
    }
}
