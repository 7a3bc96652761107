package id.dapur.edge.cloud.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.cloud.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * An update waiting for a quiet moment, kept in {@code deferred.json} beside the boot file (written
 * whole: a power cut leaves the old one or the new), so a restart meanwhile does not lose it. The
 * release's arguments are kept as the command sent them and checked again when read.
 */
record DeferredUpdate(String commandId, JsonNode args, Release release, Instant since, String code, String reason) {
    static final String NAME = "deferred.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path file(Path releases) {
        return releases.resolve(NAME);
    }

    /** The same update, waiting for another reason. */
    DeferredUpdate because(UpdateWindow.NotNow why) {
        return new DeferredUpdate(commandId, args, release, since, why.code(), why.reason());
    }

    void write(Path releases) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("commandId", commandId);
        o.set("args", args);
        o.put("since", since.toString());
        o.put("code", code);
        o.put("reason", reason);
        DurableFiles.writeAtomically(file(releases), JSON.writeValueAsBytes(o));
    }

    /** The deferred update, or null when there is none; a file that is not one is an IOException naming what is wrong. */
    static DeferredUpdate read(Path releases, long maxBytes) throws IOException {
        Path f = file(releases);
        if (!Files.exists(f)) {
            return null;
        }
        JsonNode o = JSON.readTree(f.toFile());
        String id = o.path("commandId").asText("");
        if (id.isEmpty() || !o.path("args").isObject()) {
            throw new IOException(f + " has no commandId or args");
        }
        try {
            Release rel = Release.of(o.get("args"), maxBytes);
            return new DeferredUpdate(
                    id,
                    o.get("args"),
                    rel,
                    Instant.parse(o.path("since").asText()),
                    o.path("code").asText(""),
                    o.path("reason").asText(""));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    static void delete(Path releases) throws IOException {
        if (Files.deleteIfExists(file(releases))) {
            DurableFiles.syncDirectory(releases);
        }
    }
}
