package id.dapur.edge.agent.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Eclipse Paho's MQTT interoperability suite (github.com/eclipse/paho.mqtt.testing, EPL/EDL), which
 * this repository does not contain: it is taken at a pinned commit from a git repository named by
 * {@code PAHO_MQTT_TESTING} (a clone or a bare git directory), or else cloned from GitHub into
 * {@code ~/.cache/dapur-edge}. Fails, saying how to provide it, when neither works.
 */
public final class PahoTestingSuite {
    /** The commit the runner was written against. */
    public static final String COMMIT = "9d7bb80bb8b9d9cfc0b52f8cb4c1916401281103";

    static final String ORIGIN = "https://github.com/eclipse/paho.mqtt.testing.git";

    private PahoTestingSuite() {}

    /** The suite's {@code interoperability} directory, extracted at {@link #COMMIT}. */
    public static synchronized Path interoperabilityDir() throws IOException, InterruptedException {
        Path target = Path.of("target", "paho.mqtt.testing-" + COMMIT.substring(0, 12))
                .toAbsolutePath();
        Path dir = target.resolve("interoperability");
        if (Files.isRegularFile(dir.resolve("client_test.py"))) {
            return dir;
        }
        String git = System.getenv("PAHO_MQTT_TESTING");
        if (git == null || git.isBlank()) {
            Path cache = Path.of(System.getProperty("user.home"), ".cache", "dapur-edge", "paho.mqtt.testing");
            if (!Files.isDirectory(cache)) {
                Files.createDirectories(cache.getParent());
                run(List.of("git", "clone", "--quiet", ORIGIN, cache.toString()), "cloning " + ORIGIN);
            }
            git = cache.toString();
        }
        Files.createDirectories(target);
        run(
                List.of(
                        "bash",
                        "-o",
                        "pipefail",
                        "-c",
                        "git -C \"$1\" archive " + COMMIT + " interoperability | tar -x -C \"$2\"",
                        "extract",
                        Path.of(git).toAbsolutePath().toString(),
                        target.toString()),
                "extracting the suite at " + COMMIT + " from " + git);
        return dir;
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(
                    what + " failed: " + out.strip() + "\nThe MQTT conformance tests need Eclipse Paho's "
                            + "interoperability suite: set PAHO_MQTT_TESTING to a clone of " + ORIGIN
                            + " (any checkout that has commit "
                            + COMMIT + "), or give this machine access to github.com");
        }
    }
}
