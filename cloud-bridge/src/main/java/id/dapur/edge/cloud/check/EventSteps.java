package id.dapur.edge.cloud.check;

import static id.dapur.edge.cloud.check.CheckRun.CALL;
import static id.dapur.edge.cloud.check.CheckRun.JSON;
import static id.dapur.edge.cloud.check.CheckRun.nz;
import static id.dapur.edge.cloud.check.CheckRun.pause;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.cloud.CloudEvent;
import id.dapur.edge.cloud.EventResult;
import id.dapur.edge.cloud.Exchange;
import id.dapur.edge.cloud.check.CheckRun.Result;
import id.dapur.edge.contract.CloudCalls;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The check's event step: batches of every event type, resends, gaps in seq, an invalid event, 1,000 at once. */
final class EventSteps {
    private final CheckRun ctx;

    EventSteps(CheckRun ctx) {
        this.ctx = ctx;
    }

    void events() {
        ctx.begin();
        List<String> wrong = new ArrayList<>();
        List<JsonNode> samples = CloudCalls.sampleEvents();
        List<CloudEvent> first = new ArrayList<>();
        for (JsonNode s : samples) {
            first.add(event(s.path("type").asText(), s.path("stream").asText(), s.path("payload")));
        }
        Map<String, EventResult> r1 = sendUntilDone(first, wrong);
        for (CloudEvent e : first) {
            EventResult r = r1.get(e.key());
            if (r == null) {
                wrong.add(
                        e.type() + " (" + e.key() + "): still not taken after 5 tries (RETRY or no result each time)");
            } else if (r.status() != EventResult.Status.ACCEPTED) {
                wrong.add(e.type() + " (" + e.key() + "), a valid event sent once: " + r.status() + " " + nz(r.code())
                        + " " + nz(r.message()));
            }
        }
        Map<String, EventResult> r2 = sendUntilDone(first, wrong);
        for (CloudEvent e : first) {
            EventResult r = r2.get(e.key());
            if (r != null && r.status() != EventResult.Status.DUPLICATE) {
                wrong.add(e.type() + " (" + e.key() + ") sent again: " + r.status()
                        + "; a key seen before is DUPLICATE, never applied twice");
            }
        }
        // new events with gaps in seq (a stream's seqs are the outlet's commit order: gaps are normal) among two resent
        // ones
        List<CloudEvent> mixed = new ArrayList<>();
        JsonNode reading = samples.stream()
                .filter(s -> s.path("type").asText().equals("SENSOR_READING"))
                .findFirst()
                .orElseThrow();
        for (int i = 0; i < 5; i++) {
            ctx.seq += 1 + i * 3;
            mixed.add(event("SENSOR_READING", "readings", reading.path("payload")));
        }
        mixed.add(2, first.get(3));
        mixed.add(first.get(6));
        Map<String, EventResult> r3 = sendUntilDone(mixed, wrong);
        for (CloudEvent e : mixed) {
            EventResult r = r3.get(e.key());
            EventResult.Status want = first.contains(e) ? EventResult.Status.DUPLICATE : EventResult.Status.ACCEPTED;
            if (r == null || r.status() != want) {
                wrong.add("in a batch of new events with gaps in seq and resent ones, " + e.type() + " (" + e.key()
                        + ", seq " + e.seq() + "): " + (r == null ? "not taken" : r.status()) + " where " + want
                        + " is due");
            }
        }
        String invalid = invalidEvent();
        if (invalid != null && !invalid.equals("REJECTED")) {
            ctx.deviate("WARN an ORDER whose payload does not match its schema was answered " + invalid
                    + "; REJECTED (with a code) tells the outlet, which keeps it as a dead letter");
        }
        List<CloudEvent> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(event("SENSOR_READING", "readings", reading.path("payload")));
        }
        long t0 = System.nanoTime();
        Map<String, EventResult> r4 = sendUntilDone(many, wrong);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long taken = many.stream()
                .filter(e -> r4.get(e.key()) != null && r4.get(e.key()).status() == EventResult.Status.ACCEPTED)
                .count();
        if (taken != many.size()) {
            wrong.add("a batch of 1,000 readings: " + taken + " ACCEPTED after 5 tries");
        }
        ctx.end(
                "events",
                "event batches: every type, resends, gaps, an invalid event, 1,000 at once",
                wrong,
                samples.size()
                        + " event types ACCEPTED once and DUPLICATE when sent again, gaps in seq taken, 1,000 readings in "
                        + ms + " ms");
    }

    /**
     * An ORDER event whose payload is not an order, sent as no agent ever would (so past the agent's
     * client and its self-check); returns the status it got, or null when no result came.
     */
    String invalidEvent() {
        long s = ++ctx.seq;
        ObjectNode body = JSON.createObjectNode().put("batchId", ctx.run + "-invalid");
        body.putArray("events")
                .addObject()
                .put("key", ctx.run + ":" + s)
                .put("stream", "orders")
                .put("seq", s)
                .put("type", "ORDER")
                .put("at", Instant.now().toString())
                .putObject("payload")
                .put("orderId", 42);
        String path = ctx.base + "/v1/outlets/" + ctx.settings.outletId() + "/events";
        WebClient raw = WebClient.create(ctx.vertx, ctx.webOptions());
        try {
            Result<HttpResponse<Buffer>> r = ctx.call(raw.postAbs(path)
                    .timeout(CALL.toMillis())
                    .putHeader("Authorization", "Bearer " + ctx.current.token().reveal())
                    .putHeader("Content-Type", "application/json")
                    .sendBuffer(Buffer.buffer(body.toString())));
            if (!r.ok()) {
                return null;
            }
            HttpResponse<Buffer> a = r.value();
            ctx.observed(new Exchange(
                    "POST",
                    path,
                    a.statusCode(),
                    a.getHeader("Content-Type"),
                    body.toString(),
                    a.bodyAsString(),
                    0,
                    null));
            JsonNode results = JSON.readTree(a.bodyAsString() == null ? "{}" : a.bodyAsString())
                    .path("results");
            return results.isArray() && !results.isEmpty()
                    ? results.get(0).path("status").asText(null)
                    : null;
        } catch (IOException e) {
            return null;
        } finally {
            raw.close();
        }
    }

    /** Sends until every event has a final answer or 5 tries are done; deviations for results about keys not sent. */
    Map<String, EventResult> sendUntilDone(List<CloudEvent> events, List<String> wrong) {
        Map<String, EventResult> done = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>();
        events.forEach(e -> keys.add(e.key()));
        List<CloudEvent> pending = new ArrayList<>(events);
        for (int attempt = 1; attempt <= 5 && !pending.isEmpty(); attempt++) {
            Result<List<EventResult>> r = ctx.call(ctx.client.send(ctx.run + "-batch-" + UUID.randomUUID(), pending));
            if (!r.ok()) {
                if (!r.error().retryable()) {
                    wrong.add("a batch of " + pending.size() + " events was refused: " + r.error());
                    return done;
                }
                pause(Duration.ofSeconds(1));
                continue;
            }
            for (EventResult er : r.value()) {
                if (!keys.contains(er.key())) {
                    ctx.deviate("a result for key '" + er.key() + "', which was not in the batch");
                } else if (er.status().done()) {
                    done.putIfAbsent(er.key(), er);
                }
            }
            pending.removeIf(e -> done.containsKey(e.key()));
            if (!pending.isEmpty()) {
                pause(Duration.ofMillis(500));
            }
        }
        return done;
    }

    CloudEvent event(String type, String stream, JsonNode payload) {
        long s = ++ctx.seq;
        String text = payload.toString();
        return new CloudEvent(s, ctx.run + ":" + s, stream, type, Instant.now(), text, text.length() + 64);
    }
}
