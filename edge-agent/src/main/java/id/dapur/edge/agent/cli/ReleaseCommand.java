package id.dapur.edge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.config.ReleaseKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The fleet operator's side of releases (docs/fleet.md): {@code release keygen} makes an Ed25519 key
 * pair (the private key to a 0600 file, the public key printed for {@code update.trustedKeys});
 * {@code release sign} prints the {@code update} command's arguments for a jar: version (read from
 * the jar), sha256, size and signature.
 */
@Command(
        name = "release",
        description = "Release keys and signatures for self-update (docs/fleet.md).",
        subcommands = {ReleaseCommand.Keygen.class, ReleaseCommand.Sign.class, ReleaseCommand.Verify.class})
final class ReleaseCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "keygen",
            description =
                    "Write a new Ed25519 private key to FILE (0600), its public key to FILE.pub, and print the public key for update.trustedKeys.")
    static final class Keygen implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "where the private key goes (must not exist)")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(file)) {
                System.err.println(file + " exists; a key is never overwritten");
                return 2;
            }
            String[] pair = ReleaseKeys.generate();
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pair[0] + "\n");
            Files.writeString(Path.of(file + ".pub"), pair[1] + "\n");
            System.out.println(pair[1]);
            return 0;
        }
    }

    @Command(
            name = "sign",
            description = "Print the update command's args for JAR, signed with the private key in --key.")
    static final class Sign implements Callable<Integer> {
        @Option(names = "--key", required = true, description = "the private key file from 'release keygen'")
        Path key;

        @Option(names = "--url", required = true, description = "where the cloud serves the jar (under its cloud.url)")
        String url;

        @Parameters(paramLabel = "JAR")
        Path jar;

        @Override
        public Integer call() throws Exception {
            String version = versionOf(jar);
            if (version == null || !ReleaseKeys.VERSION.matcher(version).matches()) {
                System.err.println(jar + " has no usable Implementation-Version in its manifest (got " + version + ")");
                return 2;
            }
            String sha = sha256(jar);
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("version", version);
            args.put("url", url);
            args.put("sha256", sha);
            args.put("size", Files.size(jar));
            args.put("signature", ReleaseKeys.sign(Files.readString(key).trim(), version, sha));
            System.out.println(
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(args));
            return 0;
        }
    }

    @Command(
            name = "verify",
            description =
                    "Check a release: JAR against its update manifest (from 'release sign') and the public key; exit 0 when it holds.")
    static final class Verify implements Callable<Integer> {
        @Option(
                names = "--public-key",
                required = true,
                description = "the fleet's public key (base64), or a file holding it (FILE.pub from keygen)")
        String publicKey;

        @Option(names = "--manifest", required = true, description = "the update manifest JSON 'release sign' printed")
        Path manifest;

        @Parameters(paramLabel = "JAR")
        Path jar;

        @Override
        public Integer call() throws Exception {
            String key = Files.isRegularFile(Path.of(publicKey))
                    ? Files.readString(Path.of(publicKey)).trim()
                    : publicKey.trim();
            String keyProblem = ReleaseKeys.problem(key);
            if (keyProblem != null) {
                System.err.println("--public-key " + keyProblem);
                return 2;
            }
            JsonNode m;
            try {
                m = new ObjectMapper().readTree(manifest.toFile());
            } catch (IOException e) {
                System.err.println(manifest + " is not JSON: " + e.getMessage());
                return 2;
            }
            String version = m.path("version").asText("");
            String sha = m.path("sha256").asText("");
            List<String> wrong = new ArrayList<>();
            String jarVersion = versionOf(jar);
            if (!version.equals(jarVersion)) {
                wrong.add("the jar is version " + jarVersion + ", the manifest names " + version);
            }
            String actual = sha256(jar);
            if (!actual.equals(sha)) {
                wrong.add("the jar's SHA-256 is " + actual + ", the manifest names " + sha);
            }
            if (Files.size(jar) != m.path("size").asLong(-1)) {
                wrong.add("the jar has " + Files.size(jar) + " bytes, the manifest names "
                        + m.path("size").asLong(-1));
            }
            if (!ReleaseKeys.verify(
                    List.of(key), version, sha, m.path("signature").asText(""))) {
                wrong.add("the signature is not this key's over version " + version + " and that SHA-256");
            }
            if (!wrong.isEmpty()) {
                System.out.println(jar + ": NOT verified: " + String.join("; ", wrong));
                return 1;
            }
            System.out.println(
                    jar + ": verified (version " + version + ", sha256 " + sha + ", signed by the key given)");
            return 0;
        }
    }

    static String versionOf(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest() == null
                    ? null
                    : j.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
