package id.dapur.edge.agent.floor;

import id.dapur.edge.cloud.DurableFiles;
import id.dapur.edge.config.MenuConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recipe cards: ingredients with quantities, steps, allergens and a plating photo, from the
 * menu in the configuration (synced from the cloud). Photos are fetched once and cached on disk in
 * {@code <storage.dir>/recipes/} (named by the SHA-256 of their URL, written whole then renamed), so a
 * card shows its photo with no internet; a photo that could not be fetched is tried again every 10
 * minutes. At most 2 MiB, and only images.
 */
public final class RecipeCards {
    private static final Logger LOG = LoggerFactory.getLogger(RecipeCards.class);
    static final long MAX_PHOTO = 2L * 1024 * 1024;
    static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/webp", "image/gif");
    private final Vertx vertx;
    private final MenuConfig menu;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private long timer = -1;
    /** Photos on disk by URL, known from the last look at the cache (on a worker): never a file read on the event loop. */
    private final Map<String, Photo> cached = new ConcurrentHashMap<>();

    /** A cached photo: its file and content type. */
    public record Photo(Path file, String contentType) {}

    public RecipeCards(Vertx vertx, MenuConfig menu, Path storageDir) {
        this.vertx = vertx;
        this.menu = menu;
        this.dir = storageDir.resolve("recipes");
    }

    /** Fetches the photos not yet cached (not awaited: cards work without them), and again every 10 minutes. */
    public Future<Void> start() {
        if (!menu.items().stream()
                .anyMatch(i -> i.recipe() != null && i.recipe().photo() != null)) {
            return Future.succeededFuture();
        }
        fetchMissing();
        timer = vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), t -> fetchMissing());
        return Future.succeededFuture();
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The skus that have a recipe card. */
    public Set<String> skus() {
        return menu.items().stream()
                .filter(i -> i.recipe() != null)
                .map(MenuConfig.Item::sku)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The card of a sku: {@code {"sku", "name", "ingredients": [{"name", "qty"}], "steps", "allergens", "photo": bool}}. */
    public Optional<Map<String, Object>> card(String sku) {
        return menu.item(sku).filter(i -> i.recipe() != null).map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sku", i.sku());
            m.put("name", i.name());
            m.put("ingredients", i.recipe().ingredients());
            m.put("steps", i.recipe().steps());
            m.put("allergens", i.recipe().allergens());
            m.put("photo", photo(sku).isPresent());
            if (i.prepTime() != null) {
                m.put("prepMinutes", Math.max(1, i.prepTime().toMinutes()));
            }
            return m;
        });
    }

    /** The cached photo of a sku's card, if it has one on disk. */
    public Optional<Photo> photo(String sku) {
        return menu.item(sku)
                .filter(i -> i.recipe() != null && i.recipe().photo() != null)
                .map(i -> cached.get(i.recipe().photo()));
    }

    /** Worker thread: the photo of {@code url} as it is on disk, remembered; null when not there whole. */
    private Photo onDisk(String url) {
        Path f = dir.resolve(key(url) + ".img");
        Path type = dir.resolve(key(url) + ".type");
        try {
            if (Files.exists(f) && Files.exists(type)) {
                Photo p = new Photo(f, Files.readString(type).strip());
                cached.put(url, p);
                return p;
            }
        } catch (IOException e) {
            LOG.warn("recipe photo cache unreadable; fetching it again [url: {}, error: {}]", url, e.toString());
        }
        return null;
    }

    private void fetchMissing() {
        List<String> urls = menu.items().stream()
                .filter(i -> i.recipe() != null && i.recipe().photo() != null)
                .map(i -> i.recipe().photo())
                .distinct()
                .toList();
        vertx.executeBlocking(
                () -> {
                    for (String url : urls) {
                        if (onDisk(url) == null) {
                            fetch(url);
                            onDisk(url);
                        }
                    }
                    return null;
                },
                false);
    }

    private void fetch(String url) {
        try {
            HttpResponse<InputStream> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(20))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String type = r.headers()
                    .firstValue("Content-Type")
                    .orElse("")
                    .split(";")[0]
                    .strip()
                    .toLowerCase(Locale.ROOT);
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200 || !TYPES.contains(type)) {
                    LOG.warn(
                            "recipe photo not cached: the server answered {} with '{}' [url: {}]",
                            r.statusCode(),
                            type,
                            url);
                    return;
                }
                byte[] bytes = in.readNBytes((int) MAX_PHOTO + 1);
                if (bytes.length > MAX_PHOTO) {
                    LOG.warn("recipe photo not cached: larger than 2 MiB [url: {}]", url);
                    return;
                }
                DurableFiles.createDirectories(dir);
                String k = key(url);
                write(dir.resolve(k + ".type"), type.getBytes(StandardCharsets.UTF_8));
                write(dir.resolve(k + ".img"), bytes); // last: its presence says the photo is whole
                LOG.info("recipe photo cached [url: {}, bytes: {}]", url, bytes.length);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("recipe photo not cached; will try again in 10 min [url: {}, error: {}]", url, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String key(String url) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
