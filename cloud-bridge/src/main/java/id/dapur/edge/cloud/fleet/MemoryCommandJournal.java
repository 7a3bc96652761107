package id.dapur.edge.cloud.fleet;

import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandJournal;
import id.dapur.edge.cloud.CommandResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The command journal in memory: a simulated outlet's commands need not outlive it. */
final class MemoryCommandJournal implements CommandJournal {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public Future<Optional<Entry>> find(String commandId) {
        return Future.succeededFuture(Optional.ofNullable(entries.get(commandId)));
    }

    @Override
    public Future<Void> started(Command command) {
        entries.putIfAbsent(command.commandId(), new Entry(command, null, false));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> finished(Command command, CommandResult result) {
        entries.put(command.commandId(), new Entry(command, result, false));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> reported(String commandId) {
        entries.computeIfPresent(commandId, (k, e) -> new Entry(e.command(), e.result(), true));
        return Future.succeededFuture();
    }

    @Override
    public Future<List<Entry>> unreported() {
        return Future.succeededFuture(new ArrayList<>(entries.values().stream()
                .filter(e -> e.result() != null && !e.reported())
                .toList()));
    }

    @Override
    public Future<List<Entry>> unfinished() {
        return Future.succeededFuture(new ArrayList<>(
                entries.values().stream().filter(e -> e.result() == null).toList()));
    }
}
