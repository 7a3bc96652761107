package id.dapur.edge.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.cloud.update.BootFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choices (packaging/dapur-edge-launch), with a stand-in for java that prints which
 * jar and slot it was given: a trial is started once, then dropped; a trial whose jar is gone is
 * dropped at once; a Debian package newer than the running release takes over; a missing release
 * falls back to the packaged jar. The boot file it writes is read back by the agent's own reader.
 */
class LauncherIT {
    @TempDir
    Path dir;

    String launch(String packagedVersion) throws Exception {
        return launch(packagedVersion, "run");
    }

    String launch(String packagedVersion, String argument) throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"slot=$DAPUR_SLOT jar=$2\"\n");
        java.toFile().setExecutable(true);
        Files.writeString(dir.resolve("VERSION"), packagedVersion + "\n");
        Path launcher =
                Path.of("..", "packaging", "dapur-edge-launch").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString(), argument).redirectErrorStream(true);
        pb.environment().put("DAPUR_DATA", dir.toString());
        pb.environment().put("DAPUR_JAR", dir.resolve("packaged.jar").toString());
        pb.environment().put("DAPUR_VERSION_FILE", dir.resolve("VERSION").toString());
        pb.environment().put("JAVA", java.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    Path releases() throws Exception {
        Path r = Files.createDirectories(dir.resolve("releases"));
        Files.writeString(dir.resolve("packaged.jar"), "jar");
        for (String v : new String[] {"0.2.0", "0.3.0"}) {
            Files.createDirectories(r.resolve(v));
            Files.writeString(r.resolve(v).resolve("dapur-edge.jar"), "jar");
        }
        return r;
    }

    @Test
    void aTrialIsStartedOnceThenDropped() throws Exception {
        Path r = releases();
        assertThat(launch("0.1.0")).contains("slot=packaged jar=" + dir.resolve("packaged.jar"));
        BootFile.INITIAL.withTrial("0.2.0", "u-1", "packaged").write(r);
        assertThat(launch("0.1.0")).contains("slot=0.2.0 jar=" + r.resolve("0.2.0/dapur-edge.jar"));
        assertThat(BootFile.read(r).tries()).isEqualTo(1);
        String second = launch("0.1.0");
        assertThat(second).contains("rolled back to packaged", "slot=packaged");
        BootFile b = BootFile.read(r);
        assertThat(b.trial()).isNull();
        assertThat(b.result()).isEqualTo("ROLLED_BACK");
        assertThat(b.resultVersion()).isEqualTo("0.2.0");
        assertThat(b.update()).isEqualTo("u-1");
        assertThat(b.reason()).contains("did not report healthy");
        assertThat(r.resolve("boot.env.tmp")).doesNotExist();
    }

    @Test
    void theCommandRunsTheJarTheServiceRunsAndChangesNothing() throws Exception {
        Path r = releases();
        assertThat(launch("0.1.0", "--which-jar")).isEqualTo(dir.resolve("packaged.jar") + "\n");
        BootFile.INITIAL
                .withTrial("0.2.0", "u-1", "packaged")
                .committed("2026-12-02T00:00:00Z")
                .write(r);
        assertThat(launch("0.1.0", "--which-jar")).isEqualTo(r.resolve("0.2.0/dapur-edge.jar") + "\n");
        assertThat(launch("0.4.0", "--which-jar"))
                .as("a newer package wins")
                .isEqualTo(dir.resolve("packaged.jar") + "\n");
        BootFile trial = BootFile.read(r).withTrial("0.3.0", "u-2", "0.2.0");
        trial.write(r);
        assertThat(launch("0.1.0", "--which-jar"))
                .as("a trial is the service's to start, not the command's")
                .isEqualTo(r.resolve("0.2.0/dapur-edge.jar") + "\n");
        assertThat(BootFile.read(r)).as("the boot file untouched").isEqualTo(trial);
    }

    @Test
    void aCommittedReleaseRunsUntilANewerPackageIsInstalled() throws Exception {
        Path r = releases();
        BootFile.INITIAL
                .withTrial("0.2.0", "u-1", "packaged")
                .committed("2026-12-02T00:00:00Z")
                .write(r);
        assertThat(launch("0.1.0")).contains("slot=0.2.0");
        assertThat(launch("0.2.0")).as("the same version: the package's").contains("slot=packaged");
        assertThat(launch("0.4.0")).contains("slot=packaged");
        assertThat(BootFile.read(r).current())
                .as("the boot file is left as it was")
                .isEqualTo("0.2.0");
    }

    @Test
    void aTrialWithoutItsJarIsDroppedAndAMissingReleaseFallsBackToThePackage() throws Exception {
        Path r = releases();
        BootFile.INITIAL.withTrial("0.9.0", "u-2", "packaged").write(r);
        assertThat(launch("0.1.0")).contains("its jar is missing", "slot=packaged");
        assertThat(BootFile.read(r).result()).isEqualTo("ROLLED_BACK");
        new BootFile("0.8.0", "packaged", null, 0, null, null, null, null, null).write(r);
        assertThat(launch("0.1.0")).contains("is missing; starting the packaged version", "slot=packaged");
    }

    /** The launcher with JAVA_OPTS, and a stand-in JDK of that version that prints the options it got. */
    String launchOn(String javaVersion, String javaOpts) throws Exception {
        Path jdk = Files.createDirectories(dir.resolve("jdk-" + javaVersion).resolve("bin"))
                .getParent();
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"" + javaVersion + "\"\nIMPLEMENTOR=\"test\"\n");
        Path java = jdk.resolve("bin").resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"options: $*\"\n");
        java.toFile().setExecutable(true);
        Files.writeString(dir.resolve("VERSION"), "0.1.0\n");
        Path launcher =
                Path.of("..", "packaging", "dapur-edge-launch").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("sh", launcher.toString(), "run").redirectErrorStream(true);
        pb.environment().put("DAPUR_DATA", dir.toString());
        pb.environment().put("DAPUR_JAR", dir.resolve("packaged.jar").toString());
        pb.environment().put("DAPUR_VERSION_FILE", dir.resolve("VERSION").toString());
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("JAVA_OPTS", javaOpts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void theNativeHeapTrimIsLeftOutOnlyForAJavaThatDoesNotKnowIt() throws Exception {
        releases();
        String opts = "-Xmx64m -Xss512k -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError";
        assertThat(launchOn("17.0.15", opts))
                .contains("options: " + opts + " -jar " + dir.resolve("packaged.jar") + " run")
                .doesNotContain("starting without it");
        assertThat(launchOn("21.0.5", opts)).contains("options: " + opts + " -jar");
        assertThat(launchOn("17.0.8", opts))
                .contains("Java 17.0.8 does not know -XX:TrimNativeHeapInterval")
                .contains("options: -Xmx64m -Xss512k -XX:+ExitOnOutOfMemoryError -jar " + dir.resolve("packaged.jar"));
        assertThat(launchOn("17.0.8", "-Xmx64m"))
                .contains("options: -Xmx64m -jar")
                .doesNotContain("starting without");
    }
}
