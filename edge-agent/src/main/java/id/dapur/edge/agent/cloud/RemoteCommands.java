package id.dapur.edge.agent.cloud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import id.dapur.edge.agent.printing.PrintJob;
import id.dapur.edge.agent.printing.PrintSpooler;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.cloud.CommandRunner;
import id.dapur.edge.cloud.ConfigSync;
import id.dapur.edge.cloud.Registration;
import id.dapur.edge.cloud.update.Updater;
import id.dapur.edge.config.Durations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/** What each remote command does at this agent (CloudConfig.COMMANDS); a refused argument is {@code FAILED} with a code. */
final class RemoteCommands {
    private static final Duration MAX_LEVEL_FOR = Duration.ofHours(24);

    private RemoteCommands() {}

    static Map<String, CommandRunner.Handler> of(
            Vertx vertx, ConfigSync sync, PrintSpooler spooler, Registration registration, Updater updater) {
        Map<String, CommandRunner.Handler> h = new LinkedHashMap<>();
        h.put(
                "reload-config",
                c -> sync == null
                        ? Future.succeededFuture(CommandResult.failed(
                                "NOT_SUPPORTED",
                                "this agent was started without a local file to merge cloud configuration over"))
                        : sync.check(true)
                                .map(o -> CommandResult.succeeded(
                                        "configuration check: " + o, Map.of("outcome", o.name()))));
        h.put("reprint", c -> {
            String ticket = c.args().path("ticketId").asText("");
            if (ticket.isEmpty()) {
                return Future.succeededFuture(CommandResult.failed("INVALID_ARGS", "reprint needs args.ticketId"));
            }
            String printer =
                    c.args().hasNonNull("printerId") ? c.args().get("printerId").asText() : null;
            return printed(spooler.reprint(ticket, printer));
        });
        h.put("test-print", c -> {
            String printer = c.args().path("printerId").asText("");
            if (printer.isEmpty()) {
                return Future.succeededFuture(CommandResult.failed("INVALID_ARGS", "test-print needs args.printerId"));
            }
            return printed(spooler.testPage(printer));
        });
        h.put("set-log-level", c -> Future.succeededFuture(setLogLevel(vertx, c)));
        h.put(
                "rotate-credential",
                c -> registration
                        .rotate()
                        .map(cred ->
                                CommandResult.succeeded("credential rotated", Map.of("deviceId", cred.deviceId()))));
        h.put("update", new CommandRunner.Handler() {
            @Override
            public Future<CommandResult> run(Command c) {
                return run(c, r -> {});
            }

            @Override
            public Future<CommandResult> run(Command c, Consumer<Runnable> afterJournal) {
                return updater.run(c, afterJournal);
            }
        });
        return h;
    }

    private static Future<CommandResult> printed(Future<PrintJob> job) {
        return job.map(j -> CommandResult.succeeded(
                        "queued on " + j.printerId(), Map.of("jobId", j.jobId(), "printerId", j.printerId())))
                .recover(e -> Future.succeededFuture(
                        e instanceof Problem.Failure f
                                ? CommandResult.failed(
                                        f.problem().code(), f.problem().message())
                                : CommandResult.failed("FAILED", String.valueOf(e.getMessage()))));
    }

    /** {@code args: {level, logger?, for?}}: a level for a logger (default: the agent's), reverted after {@code for} (default 1h). */
    private static CommandResult setLogLevel(Vertx vertx, Command c) {
        String levelName = c.args().path("level").asText("").toUpperCase(Locale.ROOT);
        if (!levelName.matches("TRACE|DEBUG|INFO|WARN|ERROR|OFF")) {
            return CommandResult.failed(
                    "INVALID_ARGS", "args.level must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        }
        String name = c.args().path("logger").asText("id.dapur.edge");
        if (!name.matches("[A-Za-z0-9_.$]{1,200}|ROOT")) {
            return CommandResult.failed("INVALID_ARGS", "args.logger must be a logger name");
        }
        Duration forHow = Duration.ofHours(1);
        if (c.args().hasNonNull("for")) {
            Duration d = Durations.parse(c.args().get("for").asText());
            if (d == null || d.isZero() || d.compareTo(MAX_LEVEL_FOR) > 0) {
                return CommandResult.failed("INVALID_ARGS", "args.for must be a duration up to 24h, like 30m");
            }
            forHow = d;
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger logger = ctx.getLogger(name);
        Level before = logger.getLevel();
        logger.setLevel(Level.toLevel(levelName));
        vertx.setTimer(forHow.toMillis(), t -> logger.setLevel(before));
        return CommandResult.succeeded(
                "logger " + name + " at " + levelName + " for " + Durations.format(forHow),
                Map.of(
                        "logger",
                        name,
                        "level",
                        levelName,
                        "previous",
                        before == null ? "inherited" : before.toString()));
    }
}
