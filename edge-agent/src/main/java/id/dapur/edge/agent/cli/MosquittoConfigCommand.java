package id.dapur.edge.agent.cli;

import id.dapur.edge.agent.messaging.MosquittoFiles;
import id.dapur.edge.config.DapurConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Writes mosquitto.conf, a hashed password file and the ACL file that enforce the config's accounts and roles. */
@Command(
        name = "mosquitto-config",
        description = "Generate Mosquitto password, ACL and config files from an agent config.")
final class MosquittoConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the agent's YAML configuration")
    Path file;

    @Option(names = "--out", required = true, description = "directory to write mosquitto.conf, passwd and acl into")
    Path out;

    @Option(names = "--port", defaultValue = "1883", description = "the listener port (default ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws IOException {
        ConfigFiles.Loaded loaded = ConfigFiles.loadOrExplain(file);
        if (loaded == null) {
            return 2;
        }
        DapurConfig c = loaded.config();
        Files.createDirectories(out);
        Path passwd = out.resolve("passwd");
        Path acl = out.resolve("acl");
        Files.writeString(passwd, MosquittoFiles.passwordFile(c));
        try {
            Files.setPosixFilePermissions(passwd, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.writeString(acl, MosquittoFiles.aclFile(c));
        Files.writeString(
                out.resolve("mosquitto.conf"),
                MosquittoFiles.brokerConfig(
                        port,
                        passwd.toAbsolutePath().toString(),
                        acl.toAbsolutePath().toString()));
        System.out.println("wrote " + out.resolve("mosquitto.conf") + ", " + passwd + ", " + acl);
        return 0;
    }
}
