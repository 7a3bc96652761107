package id.dapur.edge.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.dapur.edge.config.ConfigException;
import id.dapur.edge.config.ConfigLayers;
import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.ConfigProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the outlet on the configuration its back office set. Fetches it (with the last ETag, so an
 * unchanged one costs a 304), merges partner defaults and outlet overrides over the local file with
 * {@link ConfigLayers}, validates the whole, and only then saves it as the last known good
 * ({@code <dir>/config.json}, written atomically) and hands it to the host to apply. An invalid one
 * is reported back ({@code REJECTED}, every problem with its path), remembered so it is not fetched
 * and rejected again, and never applied. At start the host runs on the last known good
 * ({@link #startup}), so an outlet whose internet is down still runs on what its partner set.
 */
public final class ConfigSync {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSync.class);
    static final String GOOD = "config.json";
    static final String REFUSED = "config-refused.json";

    /** What the host is asked to apply; {@link #failed} if it could not start on it (it then runs on the previous one). */
    public record Apply(ConfigLayers.Merged merged, String version, Runnable failedToStart) {}

    /** What a check found. */
    public enum Outcome {
        UNCHANGED,
        APPLIED,
        APPLYING,
        REJECTED,
        SKIPPED
    }

    private final Vertx vertx;
    private final CloudClient client;
    private final Path dir;
    private final ConfigLoader loader;
    private final JsonNode localTree;
    private final JsonNode runningTree;
    private final Consumer<Apply> apply;
    private final Clock clock;
    private volatile String appliedVersion;
    private volatile String lastProblem;
    private volatile List<ConfigProblem> lastProblems = List.of();
    private boolean checking;

    /**
     * @param localTree   the local file's tree (firmware-config's {@code loadTree})
     * @param runningTree the tree the agent runs on now
     * @param apply       asked to apply a new valid configuration (typically: restart the agent's services on it)
     */
    public ConfigSync(
            Vertx vertx,
            CloudClient client,
            Path dir,
            ConfigLoader loader,
            JsonNode localTree,
            JsonNode runningTree,
            Consumer<Apply> apply,
            Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.dir = dir;
        this.loader = loader;
        this.localTree = localTree;
        this.runningTree = runningTree;
        this.apply = apply;
        this.clock = clock;
    }

    /**
     * The configuration to start on: the last known good merged over {@code localTree} if there is one
     * and it is still valid with today's local file, else empty (run on the local file). Blocking.
     */
    public static Optional<ConfigLayers.Merged> startup(Path dir, ConfigLoader loader, JsonNode localTree) {
        Optional<JsonNode> good = read(dir.resolve(GOOD));
        if (good.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigLayers.merge(
                    loader, localTree, good.get().get("partner"), good.get().get("outlet")));
        } catch (ConfigException e) {
            LOG.warn(
                    "last known good cloud configuration no longer fits the local file; running on the local file [version: {}, problems: {}]",
                    good.get().path("version").asText(),
                    e.problems().size());
            return Optional.empty();
        }
    }

    /** The version the agent runs on (null: the local file only). */
    public String appliedVersion() {
        return appliedVersion;
    }

    public String lastProblem() {
        return lastProblem;
    }

    /** Reports what became of the last version (after a restart on it, or a failed start), once. */
    public Future<Void> start() {
        return vertx.executeBlocking(() -> {
                    Optional<JsonNode> good = read(dir.resolve(GOOD));
                    Optional<JsonNode> refused = read(dir.resolve(REFUSED));
                    good.ifPresent(g -> {
                        if (sameTree(g)) {
                            appliedVersion = g.path("version").asText();
                        }
                    });
                    return new JsonNode[] {good.orElse(null), refused.orElse(null)};
                })
                .compose(files -> {
                    Future<Void> f = Future.succeededFuture();
                    JsonNode good = files[0];
                    JsonNode refused = files[1];
                    if (good != null
                            && appliedVersion != null
                            && !good.path("reported").asBoolean()) {
                        f = report(good.path("version").asText(), "APPLIED", List.of(), null)
                                .compose(v -> mark(GOOD));
                    }
                    if (refused != null && !refused.path("reported").asBoolean()) {
                        lastProblem = refused.path("message").asText();
                        f = f.compose(v -> client.configReport(HttpCloudClient.JSON.convertValue(refused, Map.class)))
                                .compose(v -> mark(REFUSED));
                    }
                    return f.recover(e -> {
                        LOG.debug("config report not sent yet [error: {}]", e.toString());
                        return Future.succeededFuture();
                    });
                });
    }

    private boolean sameTree(JsonNode good) {
        try {
            return ConfigLayers.merge(loader, localTree, good.get("partner"), good.get("outlet"))
                    .tree()
                    .equals(runningTree);
        } catch (ConfigException e) {
            return false;
        }
    }

    /** Fetches and, if new and valid, applies. {@code force}: fetch without the ETag and retry a refused version. */
    public Future<Outcome> check(boolean force) {
        if (checking) {
            return Future.succeededFuture(Outcome.SKIPPED);
        }
        checking = true;
        return vertx.executeBlocking(() -> read(dir.resolve(GOOD)))
                .compose(good -> {
                    String etag = force
                            ? null
                            : good.map(g -> g.path("etag").asText(null)).orElse(null);
                    return client.config(etag)
                            .compose(doc -> doc.isEmpty()
                                    ? Future.succeededFuture(Outcome.UNCHANGED)
                                    : consider(doc.get(), force));
                })
                .onComplete(ar -> checking = false);
    }

    private Future<Outcome> consider(ConfigDocument doc, boolean force) {
        return vertx.executeBlocking(() -> {
                    Optional<JsonNode> refused = read(dir.resolve(REFUSED));
                    if (!force
                            && refused.isPresent()
                            && doc.etag().equals(refused.get().path("etag").asText())) {
                        return Outcome.UNCHANGED; // refused before; not again until it changes
                    }
                    ConfigLayers.Merged merged;
                    try {
                        merged = ConfigLayers.merge(loader, localTree, doc.partner(), doc.outlet());
                    } catch (ConfigException e) {
                        refuse(
                                doc,
                                "REJECTED",
                                e.problems(),
                                "the configuration is invalid (" + e.problems().size() + " problems)");
                        return Outcome.REJECTED;
                    }
                    Optional<JsonNode> previous = read(dir.resolve(GOOD));
                    Map<String, Object> good = new LinkedHashMap<>();
                    good.put("version", doc.version());
                    good.put("etag", doc.etag());
                    good.put("partner", doc.partner());
                    good.put("outlet", doc.outlet());
                    good.put("savedAt", clock.instant().toString());
                    boolean same = merged.tree().equals(runningTree);
                    good.put("reported", false);
                    DurableFiles.writeAtomically(dir.resolve(GOOD), HttpCloudClient.write(good));
                    Files.deleteIfExists(dir.resolve(REFUSED));
                    if (same) {
                        appliedVersion = doc.version();
                        return Outcome.APPLIED;
                    }
                    LOG.info("new cloud configuration is valid; applying [version: {}]", doc.version());
                    apply.accept(new Apply(merged, doc.version(), () -> failedToStart(doc, previous)));
                    return Outcome.APPLYING;
                })
                .compose(outcome -> switch (outcome) {
                    case APPLIED ->
                        report(doc.version(), "APPLIED", List.of(), null)
                                .compose(v -> mark(GOOD))
                                .map(outcome)
                                .recover(e -> Future.succeededFuture(outcome)); // reported at the next start
                    case REJECTED ->
                        client.configReport(reportOf(doc.version(), "REJECTED", lastProblems, lastProblem))
                                .compose(v -> mark(REFUSED))
                                .map(outcome)
                                .recover(e -> Future.succeededFuture(outcome));
                    default -> Future.succeededFuture(outcome);
                });
    }

    /** Called by the host when the agent would not start on a new version: restore the previous, record the failure. */
    private void failedToStart(ConfigDocument doc, Optional<JsonNode> previous) {
        try {
            if (previous.isPresent()) {
                DurableFiles.writeAtomically(dir.resolve(GOOD), HttpCloudClient.write(previous.get()));
            } else {
                Files.deleteIfExists(dir.resolve(GOOD));
            }
            refuse(
                    doc,
                    "FAILED",
                    List.of(),
                    "the agent could not start on this configuration; it runs on the previous one");
        } catch (IOException e) {
            LOG.error("cannot restore the previous configuration [error: {}]", e.toString());
        }
    }

    private void refuse(ConfigDocument doc, String status, List<ConfigProblem> problems, String message)
            throws IOException {
        lastProblems = List.copyOf(problems);
        lastProblem = message;
        LOG.warn(
                "cloud configuration not applied; running on the last known good [version: {}, status: {}, problems: {}]",
                doc.version(),
                status,
                problems.stream().map(ConfigProblem::toString).limit(5).toList());
        Map<String, Object> r = reportOf(doc.version(), status, problems, message);
        r.put("etag", doc.etag());
        r.put("reported", false);
        DurableFiles.writeAtomically(dir.resolve(REFUSED), HttpCloudClient.write(r));
    }

    private Map<String, Object> reportOf(String version, String status, List<ConfigProblem> problems, String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("version", version);
        r.put("status", status);
        r.put(
                "problems",
                problems.stream()
                        .map(p -> Map.of("path", p.path(), "message", p.message()))
                        .toList());
        if (message != null) {
            r.put("message", message);
        }
        r.put("at", clock.instant().toString());
        return r;
    }

    private Future<Void> report(String version, String status, List<ConfigProblem> problems, String message) {
        return client.configReport(reportOf(version, status, problems, message));
    }

    private Future<Void> mark(String file) {
        return vertx.executeBlocking(() -> {
            Optional<JsonNode> n = read(dir.resolve(file));
            if (n.isPresent() && n.get() instanceof ObjectNode o) {
                o.put("reported", true);
                DurableFiles.writeAtomically(dir.resolve(file), HttpCloudClient.write(o));
            }
            return null;
        });
    }

    private static Optional<JsonNode> read(Path f) {
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(HttpCloudClient.JSON.readTree(f.toFile()));
        } catch (IOException e) {
            LOG.warn("unreadable cloud configuration file ignored [file: {}, error: {}]", f, e.getMessage());
            return Optional.empty();
        }
    }
}
