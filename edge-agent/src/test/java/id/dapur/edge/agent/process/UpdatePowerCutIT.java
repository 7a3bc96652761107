package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import id.dapur.edge.agent.bench.PowerCutBenchAccess;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.cloud.DurableFiles;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.cloud.update.BootFile;
import id.dapur.edge.cloud.update.Updater;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.ReleaseKeys;
import id.dapur.edge.config.UpdateConfig;
import io.vertx.core.Vertx;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update's files under real power cuts (powercutfs, docs/durability.md: what was not synced is
 * lost, torn or reordered): the releases directory on powercutfs. A release installed and named as the
 * trial survives a cut whole — the boot file never names a jar that is not all there; and the launcher
 * killed at random moments while it writes the boot file, then the power cut, leaves the old boot file
 * or the new one, whole, every time.
 */
@Timeout(300)
class UpdatePowerCutIT {
    @TempDir
    Path dir;

    Path mnt;
    Process fs;

    @BeforeEach
    void mount() throws Exception {
        if (!Files.exists(Path.of("/dev/fuse"))
                || !Files.isExecutable(Path.of("/usr/bin/fusermount3"))
                || new ProcessBuilder("/usr/bin/python3", "-c", "import pyfuse3, trio")
                                .start()
                                .waitFor()
                        != 0) {
            throw new IllegalStateException(
                    "power cuts need /dev/fuse and Debian's fuse3 and python3-pyfuse3: apt-get install -y fuse3 python3-pyfuse3");
        }
        mnt = Files.createDirectories(dir.resolve("mnt"));
        Path script = Path.of("..", "scripts", "powercut", "powercutfs.py")
                .toAbsolutePath()
                .normalize();
        fs = new ProcessBuilder("/usr/bin/python3", script.toString(), mnt.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("powercutfs.log").toFile())
                .start();
        Awaitility.await("powercutfs mounted")
                .atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(mnt.resolve(".powercut")));
    }

    @AfterEach
    void unmount() throws Exception {
        fs.destroy();
        fs.waitFor(10, TimeUnit.SECONDS);
        new ProcessBuilder("fusermount3", "-u", "-z", mnt.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }

    String cut(String mode, int seed) throws Exception {
        return PowerCutBenchAccess.cut(mnt, mode, seed);
    }

    @Test
    void anInstalledTrialSurvivesACutWhole() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FakeCloud cloud = FakeCloud.start(vertx, false, 0, null)) {
            cloud.provisioningCode("code-cut");
            String yaml = """
                    outlet: { id: jkt-01, tenant: t }
                    mqtt: { embedded: { port: 1883 }, accounts: [ { username: pos-1, password: "pos-password-1", role: pos } ] }
                    http: { port: 8080, tokens: [ { token: "admin-token-123456", role: admin } ] }
                    storage: { dir: ./data }
                    stations: [ { id: wok, categories: [wok] } ]
                    cloud: { url: %s }
                    """.formatted(cloud.url());
            var cfg = new ConfigLoader(Map.of())
                    .fromTree(new ObjectMapper(new YAMLFactory()).readTree(yaml))
                    .cloud()
                    .orElseThrow();
            HttpCloudClient client = new HttpCloudClient(vertx, cfg, "jkt-01");
            client.credential(
                    client.register("code-cut", Map.of("outletId", "jkt-01")).await(5, TimeUnit.SECONDS));
            String[] keys = ReleaseKeys.generate();
            Random rnd = new Random(42);
            int n = 0;
            for (String mode : List.of("clean", "torn", "reorder")) {
                n++;
                Path releases = mnt.resolve("releases-" + mode);
                DurableFiles.createDirectories(releases); // as the agent makes it at start
                BootFile.INITIAL.write(releases);
                String version = "0.2." + n;
                Path jar = SelfUpdateJars.small(
                        dir.resolve("r-" + mode + ".jar"), version, 2_000_000 + rnd.nextInt(100_000));
                Map<String, Object> args = cloud.release(jar, version, keys[0]);
                Updater u = new Updater(
                        vertx,
                        client,
                        new UpdateConfig(List.of(keys[1]), 64L << 20),
                        new Updater.Launch(releases, BootFile.PACKAGED, () -> {}),
                        "0.1.0",
                        Clock.systemUTC());
                List<Runnable> after = new ArrayList<>();
                CommandResult r = u.run(
                                new Command(
                                        "cut-" + mode,
                                        "jkt-01",
                                        "update",
                                        new ObjectMapper().valueToTree(args),
                                        Instant.now(),
                                        null),
                                after::add)
                        .await(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.message()).isEqualTo("SUCCEEDED");
                String what = cut(mode, rnd.nextInt(1_000_000));
                BootFile b = BootFile.read(releases);
                assertThat(b.trial()).as("the trial named after a " + what).isEqualTo(version);
                Path installed = releases.resolve(version).resolve("dapur-edge.jar");
                assertThat(installed)
                        .as("the jar the boot file names, after " + what)
                        .exists();
                assertThat(sha(installed)).as("whole, after " + what).isEqualTo(args.get("sha256"));
            }
            client.close();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void theLauncherKilledWhileItWritesTheBootFileThenAPowerCutLeavesOneWholeBootFile() throws Exception {
        Path releases = mnt.resolve("releases");
        DurableFiles.createDirectories(releases.resolve("0.2.0")); // as the agent makes it at start
        Files.writeString(releases.resolve("0.2.0/dapur-edge.jar"), "jar");
        try (var ch = FileChannel.open(releases.resolve("0.2.0/dapur-edge.jar"), StandardOpenOption.WRITE)) {
            ch.force(true); // installed releases are synced (Updater)
        }
        DurableFiles.syncDirectory(releases.resolve("0.2.0")); // and their names
        Files.writeString(dir.resolve("packaged.jar"), "jar");
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 0\n");
        java.toFile().setExecutable(true);
        Path launcher =
                Path.of("..", "packaging", "dapur-edge-launch").toAbsolutePath().normalize();
        Random rnd = new Random(7);
        String[] modes = {"clean", "torn", "reorder"};
        int sawOld = 0;
        int sawNew = 0;
        for (int i = 0; i < 30; i++) {
            BootFile before = BootFile.INITIAL.withTrial("0.2.0", "u-" + i, "packaged");
            before.write(releases);
            ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString(), "run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DAPUR_DATA", mnt.toString());
            pb.environment().put("DAPUR_JAR", dir.resolve("packaged.jar").toString());
            pb.environment().put("JAVA", java.toString());
            Process p = pb.start();
            TimeUnit.MICROSECONDS.sleep(
                    rnd.nextInt(40_000)); // a random moment in the launcher's write: the thing varied
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            cut(modes[i % 3], rnd.nextInt(1_000_000));
            String text = Files.readString(releases.resolve(BootFile.NAME), StandardCharsets.UTF_8);
            BootFile after = BootFile.read(releases);
            assertThat(text.lines().map(l -> l.substring(0, l.indexOf('=') + 1)).toList())
                    .as("whole: every key, after cut " + i + ":\n" + text)
                    .containsExactly(
                            "current=",
                            "previous=",
                            "trial=",
                            "tries=",
                            "update=",
                            "result=",
                            "resultVersion=",
                            "reason=",
                            "at=");
            assertThat(text).endsWith("\n");
            if (after.tries() == 0) {
                assertThat(after).isEqualTo(before);
                sawOld++;
            } else {
                assertThat(after)
                        .isEqualTo(new BootFile("packaged", null, "0.2.0", 1, "u-" + i, null, null, null, null));
                sawNew++;
            }
        }
        assertThat(sawOld + sawNew).isEqualTo(30);
        assertThat(sawNew)
                .as("the moments varied enough to catch the launcher after its write")
                .isPositive();
    }

    static String sha(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
