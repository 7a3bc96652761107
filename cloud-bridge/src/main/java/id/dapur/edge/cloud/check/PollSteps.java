package id.dapur.edge.cloud.check;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.cloud.Download;
import id.dapur.edge.cloud.OrderFeed;
import id.dapur.edge.cloud.check.CheckReport.Status;
import id.dapur.edge.cloud.check.CheckRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The check's long-poll steps: commands and their results, the order feed and its cursor, a release download. */
final class PollSteps {
    private final CheckRun ctx;

    PollSteps(CheckRun ctx) {
        this.ctx = ctx;
    }

    void commands() {
        ctx.begin();
        int wait = (int) Math.max(1, ctx.settings.longPoll().toSeconds());
        long t0 = System.nanoTime();
        Result<List<Command>> r = ctx.call(ctx.client.commands(wait));
        double took = (System.nanoTime() - t0) / 1e9;
        List<String> wrong = new ArrayList<>();
        String title = "the command long-poll and command results";
        if (!r.ok()) {
            ctx.end("commands", title, List.of("the long-poll failed: " + r.error()), "");
            return;
        }
        if (r.value().isEmpty()) {
            if (took < wait * 0.5) {
                ctx.deviate(String.format(
                        "WARN an empty answer after %.1f s of the %d s asked: hold the long-poll, so a command reaches the outlet"
                                + " the moment it is queued instead of at the next poll",
                        took, wait));
            }
            ctx.end(
                    "commands",
                    title,
                    ctx.deviations.stream().anyMatch(d -> !d.startsWith("WARN"))
                            ? Status.FAIL
                            : ctx.deviations.isEmpty() ? Status.NOT_TESTED : Status.WARN,
                    String.format(
                            "no command queued for outlet %s (the long-poll held"
                                    + " %.1f s): queue one (test-print is harmless) and run again to check delivery and results",
                            ctx.settings.outletId(), took));
            return;
        }
        Set<String> ids = new HashSet<>();
        for (Command c : r.value()) {
            ids.add(c.commandId());
            if (!ctx.settings.outletId().equals(c.outletId())) {
                wrong.add("command " + c.commandId() + " names outlet " + c.outletId() + ", not "
                        + ctx.settings.outletId());
            }
            if ("update".equals(c.type())) {
                ctx.update = c;
            }
            Result<Void> res = ctx.call(ctx.client.commandResult(
                    c.commandId(),
                    CommandResult.refused("CHECK_ONLY", "cloud-check drives the cloud API; it runs no command")));
            if (!res.ok()) {
                wrong.add("the result of command " + c.commandId() + " was refused: " + res.error());
            }
        }
        Result<List<Command>> again = ctx.call(ctx.client.commands(1));
        if (again.ok() && again.value().stream().anyMatch(c -> ids.contains(c.commandId()))) {
            ctx.deviate(
                    "WARN a command came again after its result was posted; the agent answers a repeat with the first result, but it costs a"
                            + " round trip each poll");
        }
        ctx.end(
                "commands",
                title,
                wrong,
                (ids.size() == 1 ? "1 command" : ids.size() + " commands") + " delivered (" + String.join(", ", ids)
                        + ") and answered REFUSED CHECK_ONLY");
    }

    void feed() {
        ctx.begin();
        int wait = (int) Math.max(1, ctx.settings.longPoll().toSeconds());
        String title = "the order feed long-poll and its cursor";
        Result<OrderFeed.Page> r = ctx.call(ctx.client.orderFeed(null, wait));
        if (!r.ok()) {
            ctx.end("feed", title, List.of("the long-poll failed: " + r.error()), "");
            return;
        }
        if (r.value().orders().isEmpty()) {
            ctx.end(
                    "feed",
                    title,
                    ctx.deviations.isEmpty() ? Status.NOT_TESTED : Status.FAIL,
                    "no delivery order on the feed of outlet " + ctx.settings.outletId()
                            + ": put one on it and run again to check entries and the cursor");
            return;
        }
        List<String> wrong = new ArrayList<>();
        Map<String, JsonNode> seen = new LinkedHashMap<>();
        r.value().orders().forEach(o -> seen.put(o.feedId(), o.order()));
        Result<OrderFeed.Page> next = ctx.call(ctx.client.orderFeed(r.value().cursor(), 1));
        if (next.ok()) {
            next.value().orders().stream()
                    .filter(o -> seen.containsKey(o.feedId()))
                    .forEach(
                            o -> wrong.add(
                                    "entry " + o.feedId()
                                            + " came again after the cursor its page gave: the cursor must move past what it answered"));
        }
        Result<OrderFeed.Page> replay = ctx.call(ctx.client.orderFeed(null, 1));
        if (replay.ok()) {
            for (OrderFeed.FeedOrder o : replay.value().orders()) {
                JsonNode before = seen.get(o.feedId());
                if (before != null && !before.equals(o.order())) {
                    wrong.add("entry " + o.feedId()
                            + " carried another order when asked for again: an entry must always carry the same order");
                }
            }
        }
        ctx.end(
                "feed",
                title,
                wrong,
                (seen.size() == 1 ? "1 entry" : seen.size() + " entries")
                        + ", the cursor moved past them, asked again from the start they were the same");
    }

    void release() {
        ctx.begin();
        String title = "a release download named by an update command";
        if (ctx.update == null) {
            ctx.end(
                    "release",
                    title,
                    Status.NOT_TESTED,
                    "no update command was queued: queue one (docs/fleet.md) to check the release download");
            return;
        }
        JsonNode a = ctx.update.args();
        String url = a.path("url").asText("");
        long size = a.path("size").asLong(0);
        String sha = a.path("sha256").asText("");
        Path file;
        try {
            file = Files.createTempFile("cloud-check-release-", ".jar");
        } catch (IOException e) {
            ctx.end("release", title, Status.NOT_TESTED, "no temporary file to download into: " + e.getMessage());
            return;
        }
        try {
            Result<Download> d = ctx.call(ctx.client.download(url, file, Math.max(1, size) + 1));
            List<String> wrong = new ArrayList<>();
            if (!d.ok()) {
                wrong.add("the release " + url + " could not be downloaded: " + d.error());
            } else {
                if (d.value().bytes() != size) {
                    wrong.add("the release has " + d.value().bytes() + " bytes; the update command says " + size);
                }
                if (!d.value().sha256().equalsIgnoreCase(sha)) {
                    wrong.add("the release's SHA-256 is " + d.value().sha256() + "; the update command says " + sha);
                }
            }
            ctx.end(
                    "release",
                    title,
                    wrong,
                    "version " + a.path("version").asText() + ": " + size + " bytes, SHA-256 as the command says");
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
