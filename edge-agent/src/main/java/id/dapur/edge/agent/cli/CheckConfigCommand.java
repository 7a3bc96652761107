package id.dapur.edge.agent.cli;

import id.dapur.edge.config.ConfigException;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.ConfigProblem;
import id.dapur.edge.config.DapurConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Validates a configuration: exit 0 if valid, 2 with every problem (path: what is wrong). Never prints secrets. */
@Command(name = "check-config", description = "Validate a configuration file (merged with its defaults).")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "FILE",
            arity = "0..1",
            description = "the YAML configuration (default: $DAPUR_CONFIG, /etc/dapur/agent.yaml when installed)")
    Path given;

    @Override
    public Integer call() {
        Path file = ConfigFiles.orDefault(given);
        if (file == null) {
            System.err.println("dapur-edge check-config: which configuration? give FILE (or set DAPUR_CONFIG)");
            return 2;
        }
        try {
            DapurConfig c = ConfigLoader.withSystemEnv().load(file);
            System.out.printf(
                    "%s: valid (outlet %s, %d stations, %d printers, %d scales, %d sensors, broker %s)%n",
                    file,
                    c.outlet().id(),
                    c.stations().size(),
                    c.printers().size(),
                    c.scales().size(),
                    c.sensors().size(),
                    c.mqtt().isEmbedded()
                            ? "embedded :" + c.mqtt().embedded().port()
                            : c.mqtt().url());
            return 0;
        } catch (ConfigException e) {
            System.out.printf("%s: %d problem(s)%n", file, e.problems().size());
            for (ConfigProblem p : e.problems()) {
                System.out.println("  " + p);
            }
            return 2;
        }
    }
}
