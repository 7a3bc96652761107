package id.dapur.edge.agent.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The outside tools the examples run on; a missing one fails the test with how to install it. */
final class Tools {
    private Tools() {}

    /** Debian's Python 3 with paho-mqtt (another python3 first on the PATH may lack it). */
    static String python() {
        String python = "/usr/bin/python3";
        try {
            Process p = new ProcessBuilder(python, "-c", "import paho.mqtt.client")
                    .redirectErrorStream(true)
                    .start();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return python;
            }
        } catch (Exception e) {
            // below
        }
        throw new IllegalStateException(
                python + " with paho-mqtt is missing: apt-get install -y python3 python3-paho-mqtt");
    }

    static String node() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path n = Path.of(d.isEmpty() ? "." : d, "node");
            if (Files.isExecutable(n)) {
                return n.toString();
            }
        }
        throw new IllegalStateException("node is missing: apt-get install -y nodejs npm");
    }

    /** The folder with its npm dependencies installed from its lock file ({@code npm ci}) when they are not there yet. */
    static Path npmInstalled(Path dir, Path log) throws Exception {
        if (Files.isDirectory(dir.resolve("node_modules").resolve("mqtt"))) {
            return dir;
        }
        String npm = Path.of(node()).resolveSibling("npm").toString();
        if (!Files.isExecutable(Path.of(npm))) {
            throw new IllegalStateException("npm is missing: apt-get install -y npm");
        }
        Process p = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + dir + " failed: " + Files.readString(log));
        }
        return dir;
    }
}
