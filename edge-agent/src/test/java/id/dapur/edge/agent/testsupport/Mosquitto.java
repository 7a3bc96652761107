package id.dapur.edge.agent.testsupport;

import id.dapur.edge.agent.messaging.MosquittoFiles;
import id.dapur.edge.config.DapurConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * A real Mosquitto from the Debian package, started by the test with the password and ACL files the
 * agent generates from its configuration. Fails, saying how to install it, if the binary is missing.
 */
public final class Mosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Path binary() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Mosquitto is not installed (" + BINARY + " missing): "
                    + "run 'apt-get update && apt-get install -y mosquitto mosquitto-clients' (see .ci/run)");
        }
        return BINARY;
    }

    public static Mosquitto start(DapurConfig config, Path dir, int port) throws IOException {
        return start(config, dir, port, UnaryOperator.identity());
    }

    /** As {@link #start(DapurConfig, Path, int)}, with the generated mosquitto.conf edited first. */
    public static Mosquitto start(DapurConfig config, Path dir, int port, UnaryOperator<String> editConf)
            throws IOException {
        Path bin = binary();
        Files.createDirectories(dir);
        Path passwd = dir.resolve("passwd");
        Path acl = dir.resolve("acl");
        Files.writeString(passwd, MosquittoFiles.passwordFile(config));
        Files.writeString(acl, MosquittoFiles.aclFile(config));
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                editConf.apply(MosquittoFiles.brokerConfig(port, passwd.toString(), acl.toString()))
                                .replace("listener " + port, "listener " + port + " 127.0.0.1")
                        // as root Mosquitto would drop to user 'mosquitto', who cannot read the test's private temp dir
                        + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
        Process p = new ProcessBuilder(bin.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        Mosquitto m = new Mosquitto(p, port);
        Awaitility.await("mosquitto listening on " + port)
                .atMost(10, TimeUnit.SECONDS)
                .pollInterval(50, TimeUnit.MILLISECONDS)
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException(
                                "mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
                    }
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
        return m;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
