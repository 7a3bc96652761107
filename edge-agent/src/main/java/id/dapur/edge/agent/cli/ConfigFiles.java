package id.dapur.edge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.config.ConfigException;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import java.nio.file.Path;

/** Loads the user's configuration for a command, or says in one line why it cannot (exit code 2). */
final class ConfigFiles {
    private ConfigFiles() {}

    /** A validated configuration and the file's tree it came from (the base for configuration from the cloud). */
    record Loaded(DapurConfig config, JsonNode tree) {}

    /** The file a command was given, or the one {@code DAPUR_CONFIG} names (the installed command sets it), or null. */
    static Path orDefault(Path given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv("DAPUR_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }

    /** The configuration, or null after printing one line naming the first problem and how many more. */
    static Loaded loadOrExplain(Path file) {
        try {
            ConfigLoader loader = ConfigLoader.withSystemEnv();
            JsonNode tree = loader.loadTree(file);
            return new Loaded(loader.fromTree(tree), tree);
        } catch (ConfigException e) {
            System.err.println("dapur-edge: invalid configuration " + file + ": "
                    + e.problems().get(0)
                    + (e.problems().size() > 1
                            ? " (and " + (e.problems().size() - 1) + " more; run check-config)"
                            : ""));
            return null;
        }
    }
}
