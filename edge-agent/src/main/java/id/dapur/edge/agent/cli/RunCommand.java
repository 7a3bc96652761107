package id.dapur.edge.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run --config FILE}: the agent. */
@Command(name = "run", description = "Run the agent with a configuration file.")
final class RunCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "the YAML configuration (default: $DAPUR_CONFIG, /etc/dapur/agent.yaml when installed)")
    Path config;

    @Option(
            names = "--start-fresh",
            description = "start on a new, empty database although the last one was quarantined")
    boolean startFresh;

    @Override
    public Integer call() {
        Path file = ConfigFiles.orDefault(config);
        if (file == null) {
            System.err.println("dapur-edge run: which configuration? give --config FILE (or set DAPUR_CONFIG)");
            return 2;
        }
        ConfigFiles.Loaded c = ConfigFiles.loadOrExplain(file);
        if (c == null) {
            return 2;
        }
        return AgentLauncher.run(c.config(), c.tree(), startFresh, () -> {});
    }
}
