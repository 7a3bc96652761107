package id.dapur.edge.cloud.update;

import id.dapur.edge.cloud.Download;
import id.dapur.edge.cloud.DurableFiles;
import id.dapur.edge.config.ReleaseKeys;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The releases directory's files: a downloaded release checked and installed beside the others, and tidied at start. */
final class ReleaseFiles {
    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);
    static final String INCOMING = ".incoming";

    private ReleaseFiles() {}

    /** Checks what arrived and moves it into {@code releases/<version>/dapur-edge.jar}, synced. */
    static void install(Path releases, Release rel, Download d, Path part) throws IOException {
        if (d.bytes() != rel.size()) {
            throw new Refusal(
                    "SIZE_MISMATCH",
                    "release " + rel.version() + " has " + d.bytes() + " bytes, the command said " + rel.size());
        }
        if (!d.sha256().equals(rel.sha256())) {
            throw new Refusal(
                    "CHECKSUM_MISMATCH",
                    "release " + rel.version() + " has SHA-256 " + d.sha256() + ", signed was " + rel.sha256());
        }
        String inside;
        try (JarFile jar = new JarFile(part.toFile(), true)) {
            inside = jar.getManifest() == null
                    ? null
                    : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            throw new Refusal("NOT_A_RELEASE", "release " + rel.version() + " is not a jar (" + e.getMessage() + ")");
        }
        if (!rel.version().equals(inside)) {
            throw new Refusal(
                    "NOT_A_RELEASE", "the jar says it is version " + inside + ", the release " + rel.version());
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path dir = releases.resolve(rel.version());
        deleteTree(dir); // a release dir left by an attempt that did not finish
        Path staged = releases.resolve(INCOMING).resolve(rel.version());
        deleteTree(staged);
        Files.createDirectories(staged);
        Files.move(part, staged.resolve("dapur-edge.jar"), StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.syncDirectory(staged);
        Files.move(staged, dir, StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.syncDirectory(releases);
    }

    /**
     * At start: removes what an interrupted download left, and releases that are neither current,
     * previous nor on trial (two versions are kept: the one running and the one to go back to).
     */
    public static void tidy(Path releases) throws IOException {
        if (!Files.isDirectory(releases)) {
            return;
        }
        BootFile boot = BootFile.read(releases);
        deleteTree(releases.resolve(INCOMING));
        Set<String> keep = new HashSet<>();
        for (String v : new String[] {boot.current(), boot.previous(), boot.trial()}) {
            if (v != null) {
                keep.add(v);
            }
        }
        try (Stream<Path> s = Files.list(releases)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                String name = p.getFileName().toString();
                if (!keep.contains(name) && ReleaseKeys.VERSION.matcher(name).matches()) {
                    LOG.info("update: removing release {} (neither running nor kept to go back to)", name);
                    deleteTree(p);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
