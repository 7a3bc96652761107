package id.dapur.edge.agent.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The agent's meters, scraped at {@code /metrics} in Prometheus text format. */
public final class AgentMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted = counter("dapur.orders", "result", "accepted");
    private final Counter duplicate = counter("dapur.orders", "result", "duplicate");
    private final Counter rejected = counter("dapur.orders", "result", "rejected");
    private final Counter notStored = counter("dapur.orders", "result", "not_stored");
    private final Counter actions = counter("dapur.ticket.actions", "result", "applied");
    private final Counter refused = counter("dapur.ticket.actions", "result", "refused");
    private final Counter deadLetters =
            Counter.builder("dapur.deadletters").description("rejected inputs").register(registry);
    private final Timer intake = Timer.builder("dapur.orders.intake.latency")
            .description("order received to ACCEPTED committed and fsynced")
            .publishPercentiles(0.5, 0.99)
            .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(20))
            .register(registry);
    private final Timer publish = Timer.builder("dapur.outbox.publish.latency")
            .description("commit to broker acknowledgement of a publication")
            .publishPercentiles(0.5, 0.99)
            .register(registry);

    /** The steps of an order before the storage writer (then {@code dapur_storage_stage_seconds}). */
    public enum OrderStage {
        /** From the transport's thread (MQTT client, HTTP) to the event loop. */
        HANDOFF,
        /** Parsing and validating the JSON. */
        PARSE
    }

    private final Map<OrderStage, Timer> orderStages = new EnumMap<>(OrderStage.class);

    {
        for (OrderStage s : OrderStage.values()) {
            orderStages.put(
                    s,
                    timer(
                            "dapur.orders.stage",
                            "a step of an order before the storage writer",
                            "stage",
                            s.name().toLowerCase(Locale.ROOT)));
        }
    }

    public void orderStage(OrderStage stage, long nanos) {
        orderStages.get(stage).record(nanos, TimeUnit.NANOSECONDS);
    }

    public Counter counter(String name, String tag, String value) {
        return Counter.builder(name).tag(tag, value).register(registry);
    }

    /** A counter with any number of tag key/value pairs. */
    public Counter counter(String name, String... tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        io.micrometer.core.instrument.Gauge.builder(name, value)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    /** A timer with p50/p99 published, and any tag key/value pairs. */
    public Timer timer(String name, String description, String... tags) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public void accepted(long startNanos) {
        accepted.increment();
        intake.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void duplicate() {
        duplicate.increment();
    }

    public void rejected() {
        rejected.increment();
    }

    /** An order that could not be stored this time: the POS was told to send it again. */
    public void notStored() {
        notStored.increment();
    }

    public void action(boolean applied) {
        (applied ? actions : refused).increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    public Timer publishLatency() {
        return publish;
    }

    /** {@code dapur_outbox_stage_seconds{stage}}: a step of a publication after its commit. */
    public Timer outboxStage(String stage) {
        return timer("dapur.outbox.stage", "a step of a publication after its commit", "stage", stage);
    }

    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
