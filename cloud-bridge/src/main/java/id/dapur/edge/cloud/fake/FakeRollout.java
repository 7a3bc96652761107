package id.dapur.edge.cloud.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A staged rollout as a fleet back office runs one (docs/fleet.md): the release goes to one outlet,
 * then to 10% of them, then to all; each stage waits until every outlet in it reports the new
 * version healthy in its heartbeat ({@code update.version}, {@code update.last.result: UPDATED}),
 * and the first outlet that fails (its command refused or failed, it reports {@code ROLLED_BACK}, or
 * its deferred update ends {@code FAILED}) stops the rollout: no later stage is sent. An outlet that
 * answers {@code DEFERRED} (waiting for its update hours or a quiet kitchen) is waited for: the stage
 * is not over, and nothing failed.
 */
public final class FakeRollout {
    /** Where the rollout is: {@code RUNNING}, {@code DONE} or {@code STOPPED}. */
    public enum State {
        RUNNING,
        DONE,
        STOPPED
    }

    private final List<List<String>> stages = new ArrayList<>();
    private final Map<String, Object> release;
    private final String version;
    private final Map<String, String> commandIds = new LinkedHashMap<>();
    private final Map<String, String> outcome = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> deferred = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Integer> stagesSent = Collections.synchronizedList(new ArrayList<>());
    private volatile State state = State.RUNNING;
    private volatile String stopReason;
    private int stage = -1;

    FakeRollout(List<String> outlets, Map<String, Object> release) {
        this.release = Map.copyOf(release);
        this.version = String.valueOf(release.get("version"));
        int n = outlets.size();
        int[] upTo = {1, Math.max(1, (int) Math.ceil(n * 0.10)), n};
        int from = 0;
        for (int to : upTo) {
            if (to > from) {
                stages.add(List.copyOf(outlets.subList(from, Math.min(to, n))));
                from = Math.min(to, n);
            }
        }
    }

    public State state() {
        return state;
    }

    public String stopReason() {
        return stopReason;
    }

    /** The stages, by outlet. */
    public List<List<String>> stages() {
        return stages;
    }

    /** The stages sent so far (0-based). */
    public List<Integer> stagesSent() {
        synchronized (stagesSent) {
            return List.copyOf(stagesSent);
        }
    }

    /** Per outlet sent to: {@code UPDATED}, or what failed. */
    public Map<String, String> outcome() {
        synchronized (outcome) {
            return Map.copyOf(outcome);
        }
    }

    /** Outlets whose update waits for a quiet moment, with their code and reason as the heartbeat says. */
    public Map<String, String> deferred() {
        synchronized (deferred) {
            return Map.copyOf(deferred);
        }
    }

    public String commandId(String outlet) {
        return "update-" + version + "-" + outlet;
    }

    /** One step: sends the next stage once the current one is all healthy; stops at the first failure. */
    synchronized void tick(
            Function<String, JsonNode> lastHeartbeat,
            Function<String, JsonNode> resultOf,
            BiConsumer<String, Map<String, Object>> send) {
        if (state != State.RUNNING) {
            return;
        }
        if (stage >= 0) {
            for (String outlet : stages.get(stage)) {
                if (outcome.containsKey(outlet)) {
                    continue;
                }
                JsonNode result = resultOf.apply(commandIds.get(outlet));
                String status = result == null ? "" : result.path("status").asText();
                if (result != null && !"SUCCEEDED".equals(status) && !"DEFERRED".equals(status)) {
                    stop(
                            outlet,
                            "command " + result.path("status").asText() + " "
                                    + result.path("code").asText());
                    return;
                }
                JsonNode hb = lastHeartbeat.apply(outlet);
                JsonNode u = hb == null ? null : hb.path("update");
                if (u == null) {
                    continue;
                }
                boolean ours = commandIds.get(outlet).equals(u.path("update").asText());
                if (ours && "FAILED".equals(u.path("state").asText())) {
                    deferred.remove(outlet);
                    stop(outlet, "FAILED " + u.path("problem").asText());
                    return;
                }
                JsonNode waiting = u.path("deferred");
                if (ours && "DEFERRED".equals(u.path("state").asText()) && waiting.isObject()) {
                    deferred.put(
                            outlet,
                            waiting.path("code").asText() + ": "
                                    + waiting.path("reason").asText());
                } else {
                    deferred.remove(outlet);
                }
                JsonNode last = u.path("last");
                if (version.equals(last.path("version").asText())
                        && "ROLLED_BACK".equals(last.path("result").asText())) {
                    stop(outlet, "ROLLED_BACK: " + last.path("reason").asText());
                    return;
                }
                if (version.equals(u.path("version").asText())
                        && "UPDATED".equals(last.path("result").asText())) {
                    outcome.put(outlet, "UPDATED");
                }
            }
            if (!stages.get(stage).stream().allMatch(outcome::containsKey)) {
                return;
            }
        }
        if (stage + 1 >= stages.size()) {
            state = State.DONE;
            return;
        }
        stage++;
        stagesSent.add(stage);
        for (String outlet : stages.get(stage)) {
            String id = commandId(outlet);
            commandIds.put(outlet, id);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("commandId", id);
            c.put("type", "update");
            c.put("args", release);
            send.accept(outlet, c);
        }
    }

    private void stop(String outlet, String why) {
        outcome.put(outlet, why);
        stopReason = outlet + ": " + why;
        state = State.STOPPED;
    }
}
