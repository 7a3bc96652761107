package id.dapur.edge.cloud;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where the agent writes down each remote command it takes, durably, before and after running it:
 * a repeat of a command is answered with the first result and never run twice, and a command that
 * was running when the agent died is answered {@code INTERRUPTED}, not run again.
 */
public interface CommandJournal {

    /** A command as written down: {@code result} is null while it runs. */
    record Entry(Command command, CommandResult result, boolean reported) {}

    Future<Optional<Entry>> find(String commandId);

    /** Records that the command starts (durable before it runs). */
    Future<Void> started(Command command);

    /** Records its result (durable before it is reported). */
    Future<Void> finished(Command command, CommandResult result);

    Future<Void> reported(String commandId);

    /** Results not yet confirmed by the cloud, oldest first. */
    Future<List<Entry>> unreported();

    /** Commands that started and never finished (the agent died running them), oldest first. */
    Future<List<Entry>> unfinished();
}
