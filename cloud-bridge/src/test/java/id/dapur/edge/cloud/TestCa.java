package id.dapur.edge.cloud;

import io.vertx.core.net.KeyStoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made by the test with the JDK's keytool: a self-signed CA, and a server
 * certificate for {@code localhost} signed by it. Nothing here is trusted by the JVM by default.
 */
public final class TestCa {
    private static final String PASS = "changeit";
    private final Path dir;

    private TestCa(Path dir) {
        this.dir = dir;
    }

    public static TestCa create(Path dir) throws IOException, InterruptedException {
        TestCa ca = new TestCa(dir);
        ca.keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=Dapur Test CA",
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                "ca.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASS);
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASS, "-file", "ca.pem");
        ca.keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-keystore",
                "server.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                PASS);
        ca.keytool(
                "-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", PASS, "-file", "server.csr");
        ca.keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                PASS,
                "-infile",
                "server.csr",
                "-outfile",
                "server.pem",
                "-rfc",
                "-validity",
                "2",
                "-ext",
                "san=dns:localhost",
                "-ext",
                "eku=serverAuth");
        ca.keytool(
                "-importcert",
                "-alias",
                "ca",
                "-file",
                "ca.pem",
                "-keystore",
                "server.p12",
                "-storepass",
                PASS,
                "-noprompt");
        ca.keytool(
                "-importcert",
                "-alias",
                "server",
                "-file",
                "server.pem",
                "-keystore",
                "server.p12",
                "-storepass",
                PASS,
                "-noprompt");
        return ca;
    }

    /** The CA certificate (PEM): what {@code cloud.caFile} names. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The server's key and chain, for the fake cloud's TLS listener. */
    public KeyStoreOptions serverKeyStore() {
        return new KeyStoreOptions()
                .setType("PKCS12")
                .setPath(dir.resolve("server.p12").toString())
                .setPassword(PASS)
                .setAlias("server");
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
        if (!Files.exists(dir)) {
            throw new IOException("no " + dir);
        }
    }
}
