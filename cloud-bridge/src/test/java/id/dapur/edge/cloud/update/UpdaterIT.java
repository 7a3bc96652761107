package id.dapur.edge.cloud.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.dapur.edge.cloud.Clouds;
import id.dapur.edge.cloud.Command;
import id.dapur.edge.cloud.CommandResult;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.fake.FakeCloud;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.config.MaintenanceConfig;
import id.dapur.edge.config.MaintenanceConfig.QuietWhen;
import id.dapur.edge.config.ReleaseKeys;
import id.dapur.edge.config.UpdateConfig;
import id.dapur.edge.contract.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code update} command against the fake cloud (real HTTP download, real files): a signed
 * release lands beside the running one as the trial and the restart is asked for only after the
 * result is journalled; every way a release can be wrong is refused with its code, changes nothing,
 * and an unsigned or wrongly signed one is not even downloaded.
 */
public class UpdaterIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Vertx vertx;
    FakeCloud cloud;
    HttpCloudClient client;
    String[] keys;
    Path releases;
    final AtomicInteger restarts = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        cloud = FakeCloud.start(vertx, false, 0, null);
        cloud.provisioningCode("code-update-1");
        CloudConfig cfg = Clouds.cloud(cloud.url(), "");
        client = new HttpCloudClient(vertx, cfg, "jkt-01");
        client.credential(
                client.register("code-update-1", Map.of("outletId", "jkt-01")).await(5, TimeUnit.SECONDS));
        keys = ReleaseKeys.generate();
        releases = Files.createDirectories(dir.resolve("releases"));
    }

    @AfterEach
    void stop() {
        client.close();
        cloud.close();
        vertx.close().await();
    }

    public static Path jar(Path where, String version, int padding) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (version != null) {
            m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        }
        try (OutputStream out = Files.newOutputStream(where);
                JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new ZipEntry("payload.bin"));
            j.write(new byte[padding]);
            j.closeEntry();
        }
        return where;
    }

    Updater updater(UpdateConfig config, boolean launched) {
        return new Updater(
                vertx,
                client,
                config,
                launched ? new Updater.Launch(releases, BootFile.PACKAGED, restarts::incrementAndGet) : null,
                "0.1.0",
                Clock.systemUTC());
    }

    UpdateConfig trusting(String... keys) {
        return new UpdateConfig(List.of(keys), 64L << 20);
    }

    /** Runs the command as the runner does: the result, then what was handed over for after the journal. */
    CommandResult run(Updater u, Map<String, Object> args) throws Exception {
        List<Runnable> after = new ArrayList<>();
        int before = restarts.get();
        Command c = new Command(
                "cmd-" + System.nanoTime(), "jkt-01", "update", JSON.valueToTree(args), Instant.now(), null);
        CommandResult r = u.run(c, after::add).await(40, TimeUnit.SECONDS);
        assertThat(restarts).as("no restart before the result is journalled").hasValue(before);
        after.forEach(Runnable::run);
        return r;
    }

    @Test
    void aSignedReleaseIsInstalledBesideTheRunningOneAsTheTrial() throws Exception {
        Map<String, Object> args = cloud.release(jar(dir.resolve("r.jar"), "0.2.0", 300_000), "0.2.0", keys[0]);
        Updater u = updater(trusting(keys[1]), true);
        CommandResult r = run(u, args);
        assertThat(r.status()).as(r.message()).isEqualTo("SUCCEEDED");
        assertThat(r.detail()).containsEntry("version", "0.2.0").containsEntry("from", "0.1.0");
        assertThat(restarts).as("the restart, after the journal").hasValue(1);
        assertThat(Files.readAllBytes(releases.resolve("0.2.0/dapur-edge.jar")))
                .isEqualTo(Files.readAllBytes(dir.resolve("r.jar")));
        BootFile b = BootFile.read(releases);
        assertThat(b.current()).isEqualTo("packaged");
        assertThat(b.trial()).isEqualTo("0.2.0");
        assertThat(b.tries()).isZero();
        assertThat(Files.exists(releases.resolve(".incoming/0.2.0.jar.part"))).isFalse();
        assertThat(u.report())
                .containsEntry("state", "RESTARTING")
                .containsEntry("target", "0.2.0")
                .containsEntry("version", "0.1.0");
        assertThat(cloud.downloads()).isEqualTo(1);
        // a second update while this one is on trial is refused
        Map<String, Object> next = cloud.release(jar(dir.resolve("r3.jar"), "0.3.0", 10), "0.3.0", keys[0]);
        assertThat(run(updater(trusting(keys[1]), true), next).code()).isEqualTo("UPDATE_IN_PROGRESS");
    }

    @Test
    void anUnsignedOrWronglySignedReleaseIsRefusedAndNotDownloaded() throws Exception {
        Map<String, Object> args =
                new LinkedHashMap<>(cloud.release(jar(dir.resolve("r.jar"), "0.2.0", 1000), "0.2.0", keys[0]));
        String[] other = ReleaseKeys.generate();
        CommandResult r = run(updater(trusting(other[1]), true), args);
        assertThat(r.status()).isEqualTo("REFUSED");
        assertThat(r.code()).isEqualTo("BAD_SIGNATURE");
        // a valid signature moved to another version number
        args.put("version", "0.2.1");
        assertThat(run(updater(trusting(keys[1]), true), args).code()).isEqualTo("BAD_SIGNATURE");
        args.put("version", "0.2.0");
        args.remove("signature");
        assertThat(run(updater(trusting(keys[1]), true), args).code()).isEqualTo("INVALID_ARGS");
        assertThat(cloud.downloads()).as("nothing fetched").isZero();
        assertThat(BootFile.read(releases)).isEqualTo(BootFile.INITIAL);
    }

    @Test
    void aReleaseThatIsNotWhatWasSignedIsRefusedAndRemoved() throws Exception {
        Path real = jar(dir.resolve("r.jar"), "0.2.0", 5000);
        Map<String, Object> args = new LinkedHashMap<>(cloud.release(real, "0.2.0", keys[0]));
        Updater u = updater(trusting(keys[1]), true);
        // the file at the cloud changed after it was signed
        jar(real, "0.2.0", 5001);
        args.put("size", Files.size(real));
        CommandResult r = run(u, args);
        assertThat(r.code()).as(r.message()).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(u.report()).containsEntry("state", "FAILED");
        // the command understates the size: the download stops there
        jar(real, "0.2.0", 5000);
        args = new LinkedHashMap<>(cloud.release(real, "0.2.0", keys[0]));
        args.put("size", 100);
        CommandResult large = run(u, args);
        assertThat(large.code()).as(large.message()).isEqualTo("RELEASE_TOO_LARGE");
        // a signed jar whose manifest names another version
        Path liar = jar(dir.resolve("liar.jar"), "0.9.9", 10);
        assertThat(run(u, cloud.release(liar, "0.2.0", keys[0])).code()).isEqualTo("NOT_A_RELEASE");
        assertThat(BootFile.read(releases)).isEqualTo(BootFile.INITIAL);
        assertThat(releases.resolve("0.2.0")).doesNotExist();
        assertThat(restarts).hasValue(0);
        try (var s = Files.walk(releases)) {
            assertThat(s.filter(Files::isRegularFile).toList())
                    .as("nothing left behind")
                    .isEmpty();
        }
    }

    @Test
    void whatMayNotBeUpdatedIsRefusedWithItsCode() throws Exception {
        Map<String, Object> args =
                new LinkedHashMap<>(cloud.release(jar(dir.resolve("r.jar"), "0.2.0", 10), "0.2.0", keys[0]));
        assertThat(run(updater(trusting(keys[1]), false), args).code()).isEqualTo("UPDATE_NOT_SUPPORTED");
        assertThat(run(updater(trusting(), true), args).code()).isEqualTo("UPDATE_NOT_CONFIGURED");
        Map<String, Object> old = cloud.release(jar(dir.resolve("old.jar"), "0.0.9", 10), "0.0.9", keys[0]);
        assertThat(run(updater(trusting(keys[1]), true), old).code()).isEqualTo("NOT_NEWER");
        args.put("url", "http://127.0.0.1:1/elsewhere.jar");
        args.put("signature", ReleaseKeys.sign(keys[0], "0.2.0", (String) args.get("sha256")));
        assertThat(run(updater(trusting(keys[1]), true), args).code()).isEqualTo("RELEASE_NOT_AT_CLOUD");
        assertThat(cloud.downloads()).isZero();
    }

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T12:00:00Z"));
    volatile KitchenActivity.Activity kitchen = new KitchenActivity.Activity(Optional.empty(), false);

    /** An updater that waits for a quiet kitchen (no open ticket younger than 10 minutes), looking again every {@code recheck}. */
    Updater waiting(Duration recheck) {
        UpdateWindow w = new UpdateWindow(
                new MaintenanceConfig(List.of(), QuietWhen.NO_NEW_TICKETS, Duration.ofMinutes(10), recheck),
                () -> Future.succeededFuture(kitchen),
                clock,
                ZoneOffset.UTC);
        return new Updater(
                vertx,
                client,
                trusting(keys[1]),
                new Updater.Launch(releases, BootFile.PACKAGED, restarts::incrementAndGet),
                "0.1.0",
                clock,
                w);
    }

    void busy(Duration newestTicketAge) {
        kitchen = new KitchenActivity.Activity(Optional.of(clock.instant().minus(newestTicketAge)), true);
    }

    @Test
    void anUpdateInABusyKitchenWaitsAndIsInstalledOnceItIsQuiet() throws Exception {
        Map<String, Object> args = cloud.release(jar(dir.resolve("r.jar"), "0.2.0", 3000), "0.2.0", keys[0]);
        busy(Duration.ofMinutes(2));
        Updater u = waiting(Duration.ofSeconds(5));
        CommandResult r = run(u, args);
        assertThat(r.status()).as(r.message()).isEqualTo("DEFERRED");
        assertThat(r.code()).isEqualTo("KITCHEN_BUSY");
        assertThat(r.message()).contains("0.2.0", "2 min old", "force");
        assertThat(cloud.downloads()).as("nothing fetched while it waits").isZero();
        assertThat(restarts).hasValue(0);
        assertThat(BootFile.read(releases)).isEqualTo(BootFile.INITIAL);
        assertThat(releases.resolve(DeferredUpdate.NAME)).exists();
        assertThat(u.report()).containsEntry("state", "DEFERRED").containsEntry("target", "0.2.0");
        assertThat(deferred(u)).containsEntry("version", "0.2.0").containsEntry("code", "KITCHEN_BUSY");

        clock.advance(Duration.ofMinutes(5)); // the newest ticket is 7 minutes old: still waits
        u.recheck();
        assertThat(restarts).hasValue(0);
        assertThat(String.valueOf(deferred(u).get("reason"))).contains("7 min old");

        clock.advance(Duration.ofMinutes(3)); // ten minutes: quiet; the next look (every 5 s) installs it
        Awaitility.await()
                .atMost(20, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(restarts).hasValue(1));
        BootFile b = BootFile.read(releases);
        assertThat(b.trial()).isEqualTo("0.2.0");
        assertThat(b.update()).as("the boot file names the command that asked").startsWith("cmd-");
        assertThat(releases.resolve(DeferredUpdate.NAME))
                .as("the deferral is done with")
                .doesNotExist();
        assertThat(cloud.downloads()).isEqualTo(1);
        assertThat(u.report()).containsEntry("state", "RESTARTING").doesNotContainKey("deferred");
    }

    @Test
    void forceInstallsAtOnceInABusyKitchen() throws Exception {
        Map<String, Object> args =
                new LinkedHashMap<>(cloud.release(jar(dir.resolve("r.jar"), "0.2.0", 3000), "0.2.0", keys[0]));
        busy(Duration.ofSeconds(10));
        args.put("force", "yes");
        assertThat(run(waiting(Duration.ofMinutes(10)), args).code()).isEqualTo("INVALID_ARGS");
        args.put("force", true);
        CommandResult r = run(waiting(Duration.ofMinutes(10)), args);
        assertThat(r.status()).as(r.message()).isEqualTo("SUCCEEDED");
        assertThat(restarts).hasValue(1);
        assertThat(BootFile.read(releases).trial()).isEqualTo("0.2.0");
    }

    @Test
    void aDeferredUpdateOutlivesARestartAndALaterOneReplacesIt() throws Exception {
        Map<String, Object> first = cloud.release(jar(dir.resolve("r2.jar"), "0.2.0", 3000), "0.2.0", keys[0]);
        Map<String, Object> second = cloud.release(jar(dir.resolve("r3.jar"), "0.3.0", 3000), "0.3.0", keys[0]);
        busy(Duration.ZERO);
        CommandResult r = run(waiting(Duration.ofMinutes(10)), first);
        assertThat(r.status()).isEqualTo("DEFERRED");

        Updater restarted = waiting(Duration.ofMinutes(10)); // the agent restarted meanwhile
        Awaitility.await()
                .atMost(5, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(restarted.report()).containsEntry("state", "DEFERRED"));
        assertThat(deferred(restarted)).containsEntry("version", "0.2.0");

        assertThat(run(restarted, second).status()).isEqualTo("DEFERRED");
        assertThat(deferred(restarted)).containsEntry("version", "0.3.0");
        assertThat(Files.readString(releases.resolve(DeferredUpdate.NAME)))
                .contains("0.3.0")
                .doesNotContain("0.2.0");

        kitchen = new KitchenActivity.Activity(Optional.empty(), false);
        restarted.recheck();
        Awaitility.await()
                .atMost(20, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(restarts).hasValue(1));
        assertThat(BootFile.read(releases).trial())
                .as("the later update, not the one it replaced")
                .isEqualTo("0.3.0");
        assertThat(cloud.downloads()).isEqualTo(1);
    }

    @Test
    void aDeferredReleaseNoLongerNewerIsLetGoAtStart() throws Exception {
        busy(Duration.ZERO);
        assertThat(run(
                                waiting(Duration.ofMinutes(10)),
                                cloud.release(jar(dir.resolve("r.jar"), "0.2.0", 10), "0.2.0", keys[0]))
                        .status())
                .isEqualTo("DEFERRED");
        Updater newer = new Updater(
                vertx,
                client,
                trusting(keys[1]),
                new Updater.Launch(releases, "0.2.0", restarts::incrementAndGet),
                "0.2.0",
                clock,
                new UpdateWindow(
                        MaintenanceConfig.DEFAULTS, () -> Future.succeededFuture(kitchen), clock, ZoneOffset.UTC));
        Awaitility.await()
                .atMost(5, TimeUnit.SECONDS)
                .untilAsserted(
                        () -> assertThat(releases.resolve(DeferredUpdate.NAME)).doesNotExist());
        assertThat(newer.report()).containsEntry("state", "IDLE").doesNotContainKey("deferred");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deferred(Updater u) {
        return (Map<String, Object>) u.report().get("deferred");
    }

    @Test
    void tidyingKeepsTheCurrentThePreviousAndTheTrialOnly() throws Exception {
        for (String v : List.of("0.1.0", "0.2.0", "0.3.0", "0.4.0")) {
            jar(Files.createDirectories(releases.resolve(v)).resolve("dapur-edge.jar"), v, 1);
        }
        Files.createDirectories(releases.resolve(".incoming"));
        Files.writeString(releases.resolve(".incoming/0.5.0.jar.part"), "half");
        new BootFile("0.3.0", "0.2.0", "0.4.0", 1, "u-1", null, null, null, null).write(releases);
        Updater.tidy(releases);
        try (var s = Files.list(releases)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("0.2.0", "0.3.0", "0.4.0", "boot.env");
        }
    }

    @Test
    void versionsCompareByTheirNumbers() {
        assertThat(ReleaseKeys.compare("0.10.0", "0.9.9")).isPositive();
        assertThat(ReleaseKeys.compare("1.2.0", "1.2.0-rc1")).isPositive();
        assertThat(ReleaseKeys.compare("1.2", "1.2.0")).isZero();
        assertThat(ReleaseKeys.compare("0.1.0-SNAPSHOT", "0.1.1")).isNegative();
    }
}
