package id.dapur.edge.cloud;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes remote commands by long-polling the cloud (one HTTPS request waiting at the cloud, answered
 * as soon as a command is queued: no inbound port, no second broker account, the same TLS trust and
 * credential as every other call) and runs them one at a time, in the order received. Each is
 * checked first: another outlet's command, an expired one, an unknown type, or a type
 * {@code cloud.commands} does not allow is refused and reported, never run. Each is journalled
 * before it runs and its result before it is reported, so a repeat gets the first result.
 */
public final class CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

    /** Runs one kind of command; the future's failure becomes a {@code FAILED} result. */
    @FunctionalInterface
    public interface Handler {
        Future<CommandResult> run(Command command);

        /**
         * Runs the command; what it hands to {@code afterJournal} runs once the result is journalled and
         * its report tried (the update's restart: the result must survive the process it ends).
         */
        default Future<CommandResult> run(Command command, Consumer<Runnable> afterJournal) {
            return run(command);
        }
    }

    private static final CommandResult INTERRUPTED =
            CommandResult.failed("INTERRUPTED", "the agent stopped while running this command; it was not run again");
    private volatile boolean stopped;
    private final Vertx vertx;
    private final CloudClient client;
    private final String outletId;
    private final Set<String> allowed;
    private final Map<String, Handler> handlers;
    private final CommandJournal journal;
    private final Clock clock;
    private final int waitSeconds;
    private final LongPoll<List<Command>> loop;

    public CommandRunner(
            Vertx vertx,
            CloudClient client,
            String outletId,
            Set<String> allowed,
            Map<String, Handler> handlers,
            CommandJournal journal,
            Reachability reach,
            Duration wait,
            Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.outletId = outletId;
        this.allowed = Set.copyOf(allowed);
        this.handlers = Map.copyOf(handlers);
        this.journal = journal;
        this.waitSeconds = (int) Math.max(1, wait.toSeconds());
        this.clock = clock;
        this.loop = new LongPoll<>(
                vertx,
                reach,
                () -> reportPending().compose(v -> client.commands(waitSeconds)),
                list -> runAll(list, 0));
    }

    /**
     * Starts polling, after answering {@code INTERRUPTED} every command the journal shows started and
     * never finished (the process died running it): reported at the first poll, never run again.
     */
    public void start() {
        journal.unfinished()
                .compose(list -> {
                    Future<Void> f = Future.succeededFuture();
                    for (CommandJournal.Entry e : list) {
                        LOG.warn(
                                "remote command interrupted by a restart; not run again [command: {}, type: {}]",
                                e.command().commandId(),
                                e.command().type());
                        f = f.compose(v -> journal.finished(e.command(), INTERRUPTED));
                    }
                    return f;
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.error(
                                "interrupted commands could not be closed in the journal [error: {}]",
                                ar.cause().toString());
                    }
                    if (!stopped) {
                        loop.start();
                    }
                });
    }

    public void stop() {
        stopped = true;
        loop.stop();
    }

    private Future<Void> runAll(List<Command> commands, int i) {
        if (i >= commands.size() || !loop.running()) {
            return Future.succeededFuture();
        }
        return handle(commands.get(i))
                .recover(e -> {
                    LOG.warn(
                            "command result not reported yet [command: {}, error: {}]",
                            commands.get(i).commandId(),
                            e.toString());
                    return Future.succeededFuture();
                })
                .compose(v -> runAll(commands, i + 1));
    }

    /** Runs (or answers again) one command and reports its result. */
    Future<Void> handle(Command c) {
        if (c.commandId() == null || !c.commandId().matches("[A-Za-z0-9._:-]{1,64}")) {
            LOG.warn("command without a usable id ignored [type: {}]", c.type());
            return Future.succeededFuture();
        }
        return journal.find(c.commandId()).compose(found -> {
            if (found.isPresent()) {
                CommandResult r = found.get().result() != null ? found.get().result() : INTERRUPTED;
                Future<Void> recorded =
                        found.get().result() != null ? Future.succeededFuture() : journal.finished(c, r);
                return recorded.compose(v -> report(c.commandId(), r));
            }
            CommandResult refusal = check(c);
            if (refusal != null) {
                LOG.warn(
                        "remote command refused [command: {}, type: {}, code: {}]",
                        c.commandId(),
                        c.type(),
                        refusal.code());
                return journal.finished(c, refusal).compose(v -> report(c.commandId(), refusal));
            }
            LOG.info("remote command [command: {}, type: {}]", c.commandId(), c.type());
            List<Runnable> after = new ArrayList<>();
            return journal.started(c)
                    .compose(v -> handlers.get(c.type()).run(c, after::add))
                    .recover(e -> Future.succeededFuture(
                            CommandResult.failed("FAILED", e.getMessage() == null ? e.toString() : e.getMessage())))
                    .compose(r -> journal.finished(c, r)
                            .onFailure(e -> {
                                if (!after.isEmpty()) {
                                    LOG.error(
                                            "command result not journalled; what was to follow it is not done [command: {}, error: {}]",
                                            c.commandId(),
                                            e.toString());
                                }
                            })
                            .compose(v -> report(c.commandId(), r).onComplete(x -> after.forEach(Runnable::run))));
        });
    }

    private CommandResult check(Command c) {
        if (!outletId.equals(c.outletId())) {
            return CommandResult.refused(
                    "WRONG_OUTLET", "this agent serves outlet " + outletId + ", not '" + c.outletId() + "'");
        }
        if (c.expiresAt() != null && clock.instant().isAfter(c.expiresAt())) {
            return CommandResult.refused("COMMAND_EXPIRED", "the command expired at " + c.expiresAt());
        }
        if (!handlers.containsKey(c.type())) {
            return CommandResult.refused(
                    "UNKNOWN_COMMAND",
                    "unknown command type '" + c.type() + "'; known: " + String.join(", ", handlers.keySet()));
        }
        if (!allowed.contains(c.type())) {
            return CommandResult.refused(
                    "COMMAND_NOT_ALLOWED", "'" + c.type() + "' is not allowed by this outlet's cloud.commands");
        }
        return null;
    }

    private Future<Void> report(String commandId, CommandResult r) {
        return client.commandResult(commandId, r).compose(v -> journal.reported(commandId));
    }

    private Future<Void> reportPending() {
        return journal.unreported()
                .compose(list -> {
                    Future<Void> f = Future.succeededFuture();
                    for (CommandJournal.Entry e : list) {
                        if (e.result() != null) {
                            f = f.compose(v -> report(e.command().commandId(), e.result()));
                        }
                    }
                    return f;
                })
                .recover(e -> Future.succeededFuture());
    }
}
