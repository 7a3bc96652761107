package id.dapur.edge.agent.storage;

import id.dapur.edge.cloud.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store the agent cannot open, or a journal it cannot apply, is moved intact to {@code quarantine/}
 * with a marker saying why; while the marker is there the agent does not open the store (intake stays
 * off, /health says why) until an operator restores a good file or starts fresh.
 */
final class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
    static final String MARKER = "QUARANTINED";

    private Quarantine() {}

    /**
     * Refuses to open a quarantined store (what is in it may lack what was acknowledged) unless the
     * operator chose to start fresh; then the marker is kept, renamed as resolved.
     */
    static void checkBeforeOpening(Path dir, Path file, boolean startFresh) throws StorageUnavailableException {
        Path marker = dir.resolve("quarantine").resolve(MARKER);
        if (Files.exists(marker)) {
            if (!startFresh) {
                throw new StorageUnavailableException(
                        "storage is quarantined: " + readQuietly(marker) + " Restore a good " + file.getFileName()
                                + " or start with --start-fresh.",
                        marker.getParent().toString(),
                        null);
            }
            LOG.warn("operator chose to go on past a quarantined database [dir: {}]", dir);
            try {
                Files.move(marker, marker.resolveSibling(MARKER + ".resolved-" + stamp()));
            } catch (IOException e) {
                throw new StorageUnavailableException("cannot clear " + marker + ": " + e.getMessage(), null, e);
            }
        }
    }

    /** A database file that cannot be opened is moved aside whole, with the marker and why. */
    static StorageUnavailableException database(Path dir, Path file, SQLException cause) {
        Path q = dir.resolve("quarantine");
        String reason = "could not open " + file.getFileName() + " (H2 error " + cause.getErrorCode() + ": "
                + cause.getMessage().lines().findFirst().orElse("") + ").";
        try {
            Files.createDirectories(q);
            Path target = q.resolve(file.getFileName().toString().replace(".mv.db", "") + "-" + stamp() + ".mv.db");
            if (Files.exists(file)) {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                DurableFiles.syncDirectory(q);
                DurableFiles.syncDirectory(dir);
            }
            Files.writeString(
                    q.resolve(MARKER),
                    reason + " The file was moved intact to " + target + ".",
                    StandardCharsets.UTF_8);
            LOG.error(
                    "database moved aside intact; intake stays off until an operator acts [file: {}, reason: {}]",
                    target,
                    reason);
            return new StorageUnavailableException(
                    reason + " Moved intact to " + target + "; restore a good file or start with --start-fresh.",
                    target.toString(),
                    cause);
        } catch (IOException io) {
            return new StorageUnavailableException(
                    reason + " Could not move it aside: " + io.getMessage(), null, cause);
        }
    }

    /**
     * A journal that cannot be applied is moved aside whole, with the quarantine marker: the agent does
     * not start on a database that lacks what was acknowledged until an operator looks.
     */
    static StorageUnavailableException journal(Path dir, Path file, JournalReplay.Failed cause) {
        Path q = dir.resolve("quarantine");
        String reason = "the journal could not be applied to " + file.getFileName() + " (" + cause.getMessage() + ").";
        try {
            DurableFiles.createDirectories(q);
            Path target = q.resolve("journal-" + stamp());
            Files.move(Journal.dir(dir), target, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(q);
            DurableFiles.syncDirectory(dir);
            Files.writeString(
                    q.resolve(MARKER),
                    reason + " The journal was moved intact to " + target + "; the database is as it was.",
                    StandardCharsets.UTF_8);
            LOG.error(
                    "journal moved aside intact; intake stays off until an operator acts [dir: {}, reason: {}]",
                    target,
                    reason,
                    cause);
            return new StorageUnavailableException(
                    reason + " Moved intact to " + target + "; restore it or start with --start-fresh.",
                    target.toString(),
                    cause);
        } catch (IOException io) {
            return new StorageUnavailableException(
                    reason + " Could not move it aside: " + io.getMessage(), null, cause);
        }
    }

    private static String stamp() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "(unreadable note)";
        }
    }
}
