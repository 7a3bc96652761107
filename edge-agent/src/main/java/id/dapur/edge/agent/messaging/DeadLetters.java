package id.dapur.edge.agent.messaging;

import id.dapur.edge.agent.storage.OutboxStore;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every rejected input: counted in {@code /metrics}; recorded in H2 (last 10,000 kept) and published
 * on {@code deadletter} up to a rate per source ({@link #PER_SECOND}/s, bursts of {@link #BURST}),
 * because each record is a storage-writer task and a flood of garbage must not take the writer's
 * capacity from orders. What is over the rate is counted by code and summarised once per
 * {@link #SUMMARY_MS} ms: one WARN line, one stored record with code {@code SUPPRESSED}, one
 * {@code deadletter} message. Called on the agent's event loop.
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    static final double PER_SECOND = 5;
    static final double BURST = 20;
    static final long SUMMARY_MS = 10_000;
    private final OutboxStore store;
    private final OutboxPublisher publisher;
    private final String topic;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();

    /** A token bucket and the suppressed count of one source. */
    private static final class Bucket {
        double tokens = BURST;
        long refilledAt;
        long summaryDue;
        final Map<String, Integer> suppressed = new TreeMap<>();
    }

    public DeadLetters(OutboxStore store, OutboxPublisher publisher, String topic, AgentMetrics metrics, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.topic = topic;
        this.metrics = metrics;
        this.clock = clock;
    }

    public synchronized void record(String from, Problem problem, byte[] payload) {
        metrics.deadLetter();
        metrics.counter("dapur.deadletters.by.code", "code", problem.code()).increment();
        long now = clock.millis();
        Bucket b = bucket(from, now);
        b.tokens = Math.min(BURST, b.tokens + (now - b.refilledAt) / 1000.0 * PER_SECOND);
        b.refilledAt = now;
        if (b.tokens < 1) {
            b.suppressed.merge(problem.code(), 1, Integer::sum);
            metrics.counter("dapur.deadletters.suppressed").increment();
            summarise(from, b, now, false);
            return;
        }
        b.tokens -= 1;
        summarise(from, b, now, false);
        LOG.debug("input rejected [from: {}, code: {}, reason: {}]", from, problem.code(), problem.message());
        write(from, problem.code(), problem.message(), Payloads.excerpt(payload));
    }

    private Bucket bucket(String from, long now) {
        Bucket b = buckets.get(from);
        if (b == null) {
            if (buckets.size() >= 1024) { // sources are topics and API callers: few; forget the oldest idle one
                buckets.values().removeIf(x -> x.suppressed.isEmpty() && x.tokens >= BURST);
            }
            b = new Bucket();
            b.refilledAt = now;
            b.summaryDue = now + SUMMARY_MS;
            buckets.put(from, b);
        }
        return b;
    }

    /** Writes the summary of what was suppressed once it is due (or {@code force}). */
    private void summarise(String from, Bucket b, long now, boolean force) {
        if (b.suppressed.isEmpty() || now < b.summaryDue && !force) {
            return;
        }
        int total = b.suppressed.values().stream().mapToInt(Integer::intValue).sum();
        String message = total + " more inputs rejected and not recorded one by one (over " + (int) PER_SECOND
                + "/s) by code: " + b.suppressed;
        LOG.warn("dead letters summarised [from: {}, suppressed: {}, codes: {}]", from, total, b.suppressed);
        b.suppressed.clear();
        b.summaryDue = now + SUMMARY_MS;
        write(from, "SUPPRESSED", message, "");
    }

    /** Writes the due summaries; called every few seconds so a flood that stopped is still reported. */
    public synchronized void flushSummaries() {
        long now = clock.millis();
        buckets.forEach((from, b) -> summarise(from, b, now, false));
    }

    private void write(String from, String code, String message, String excerpt) {
        store.deadLetter(from, code, message, excerpt).onFailure(e -> {
            metrics.counter("dapur.deadletters.unstored").increment();
            LOG.warn("could not store dead letter [code: {}, error: {}]", code, e.getMessage());
        });
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("code", code);
        reason.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", from);
        body.put("reason", reason);
        body.put("payloadExcerpt", excerpt);
        body.put("ts", clock.instant().toString());
        publisher.transientMessage(topic, Json.write(body));
    }
}
