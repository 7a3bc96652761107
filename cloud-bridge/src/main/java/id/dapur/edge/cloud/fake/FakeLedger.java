package id.dapur.edge.cloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.contract.Contract;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What the fake cloud applied: events by idempotency key (a repeat is DUPLICATE, never applied
 * twice), in the order applied, with a count of any applied behind a later one of its stream.
 */
final class FakeLedger {
    private final Map<String, FakeCloud.Received> byKey = new ConcurrentHashMap<>();
    private final List<FakeCloud.Received> applied = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    final AtomicInteger duplicates = new AtomicInteger();
    final AtomicInteger outOfOrder = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();
    volatile int ackAtMost = Integer.MAX_VALUE;
    volatile Predicate<JsonNode> reject = e -> false;
    volatile boolean keepPayloads = true;
    /** Events are held to their schema (cloud-api.yaml) and answered REJECTED INVALID_EVENT when they do not match. */
    volatile boolean validate = true;
    /** The audit chain's head as last applied (null: none yet), and how many entries did not continue it. */
    volatile String auditHead;

    private final Map<String, String> auditHeads = new ConcurrentHashMap<>();
    final AtomicInteger auditBreaks = new AtomicInteger();

    /**
     * Applies the first {@code ackAtMost} events of an outlet's batch; the results, one per event looked
     * at. Each event is checked against its schema first (outside the ledger's lock).
     */
    ArrayNode apply(String outlet, JsonNode events) {
        int n = Math.min(events.size(), ackAtMost);
        String[] invalid = new String[n];
        if (validate) {
            for (int i = 0; i < n; i++) {
                List<String> p = Contract.get().validate("cloud-api.yaml#/components/schemas/Event", events.get(i));
                invalid[i] = p.isEmpty() ? null : p.get(0);
            }
        }
        return apply(outlet, events, n, invalid);
    }

    private synchronized ArrayNode apply(String outlet, JsonNode events, int n, String[] invalid) {
        batches.incrementAndGet();
        ArrayNode results = FakeHttp.JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            JsonNode e = events.get(i);
            String key = e.path("key").asText("");
            ObjectNode r = results.addObject().put("key", key);
            String head = auditHeads.get(outlet);
            if (byKey.containsKey(key)) {
                duplicates.incrementAndGet();
                r.put("status", "DUPLICATE");
            } else if (invalid[i] != null) {
                r.put("status", "REJECTED")
                        .put("code", "INVALID_EVENT")
                        .put("message", "the event does not match its schema: " + invalid[i]);
            } else if (reject.test(e)) {
                r.put("status", "REJECTED")
                        .put("code", "UNREADABLE_EVENT")
                        .put("message", "the fake cloud was told to reject this");
            } else if ("audit".equals(e.path("stream").asText())
                    && "AUDIT_ENTRY".equals(e.path("type").asText())
                    && head != null
                    && !head.equals(e.path("payload").path("prevHash").asText())) {
                // a back office keeps the head it saw: an entry that does not continue it means a rewritten history
                auditBreaks.incrementAndGet();
                r.put("status", "REJECTED")
                        .put("code", "AUDIT_CHAIN_BROKEN")
                        .put(
                                "message",
                                "entry " + e.path("payload").path("seq").asText()
                                        + " does not continue the head this cloud holds (" + head + ")");
            } else {
                if ("audit".equals(e.path("stream").asText())
                        && "AUDIT_ENTRY".equals(e.path("type").asText())) {
                    auditHead = e.path("payload").path("hash").asText();
                    auditHeads.put(outlet, auditHead);
                }
                FakeCloud.Received rec = new FakeCloud.Received(
                        key,
                        e.path("stream").asText(),
                        e.path("seq").asLong(),
                        e.path("type").asText(),
                        keepPayloads ? e.path("payload") : MissingNode.getInstance());
                Long last = lastSeq.put(outlet + "/" + rec.stream(), rec.seq());
                if (last != null && last > rec.seq()) {
                    outOfOrder.incrementAndGet();
                }
                byKey.put(key, rec);
                applied.add(rec);
                r.put("status", "ACCEPTED");
            }
        }
        return results;
    }

    List<FakeCloud.Received> events() {
        synchronized (applied) {
            return List.copyOf(applied);
        }
    }

    int size() {
        return applied.size();
    }
}
