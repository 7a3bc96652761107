package id.dapur.edge.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cloud back office (the contract {@code cloud.url}, extended in docs/cloud-api.md); absent means
 * the agent runs standalone. Plain {@code http://} is accepted only for a loopback host (the demo's
 * fake cloud); anything else must be {@code https://}, verified against the JVM's trust store or
 * {@code caFile}.
 *
 * @param provisioningCode the one-time code exchanged for a device credential; needed only until a
 *                         credential is stored, so it may be removed from the file afterwards
 */
public record CloudConfig(
        URI url,
        Secret provisioningCode,
        Path caFile,
        Duration heartbeatInterval,
        Duration configPollInterval,
        Duration commandWait,
        Duration requestTimeout,
        Batch batch,
        Retry retry,
        Duration unreachableAlertAfter,
        Outbox outbox,
        List<String> commands,
        boolean orderFeed) {

    /** Remote commands the agent knows; {@code cloud.commands} may allow fewer. */
    public static final List<String> COMMANDS =
            List.of("reload-config", "reprint", "test-print", "set-log-level", "rotate-credential", "update");

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    public CloudConfig {
        commands = List.copyOf(commands);
    }

    /** An event batch is sent when it holds {@code maxEvents} or {@code maxKb} KiB, or its oldest event is {@code maxAge} old. */
    public record Batch(int maxEvents, int maxKb, Duration maxAge) {
        static Batch read(ConfigNode n) {
            return new Batch(
                    n.integer("maxEvents", 1000, 1, 5000),
                    n.integer("maxKb", 1024, 16, 8192),
                    n.duration("maxAge", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(5)));
        }
    }

    /**
     * Exponential backoff with jitter between {@code initial} and {@code max}; the circuit opens after
     * {@code breakerFailures} failed calls in a row and lets one trial call through after {@code breakerOpenFor}.
     */
    public record Retry(Duration initial, Duration max, int breakerFailures, Duration breakerOpenFor) {
        static Retry read(ConfigNode n) {
            Duration initial =
                    n.duration("initial", Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMinutes(5));
            Duration max = n.duration("max", Duration.ofMinutes(5), Duration.ofMillis(10), Duration.ofHours(1));
            if (max.compareTo(initial) < 0) {
                n.problem("max", "must not be shorter than initial (" + Durations.format(initial) + ")");
            }
            return new Retry(
                    initial,
                    max,
                    n.integer("breakerFailures", 5, 1, 1000),
                    n.duration("breakerOpenFor", Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofHours(1)));
        }
    }

    /**
     * The store-and-forward budget: events waiting for the cloud may use {@code budgetMb} MiB; past it,
     * raw sensor readings are shed oldest-first. {@code minFreeDiskMb}: below this much free disk,
     * {@code STORAGE_LOW} is raised (and readings shed) whatever the budget.
     */
    public record Outbox(int budgetMb, int minFreeDiskMb) {
        static Outbox read(ConfigNode n) {
            return new Outbox(n.integer("budgetMb", 256, 1, 1_000_000), n.integer("minFreeDiskMb", 100, 0, 1_000_000));
        }

        public long budgetBytes() {
            return budgetMb * 1024L * 1024L;
        }

        public long minFreeDiskBytes() {
            return minFreeDiskMb * 1024L * 1024L;
        }
    }

    static CloudConfig read(ConfigNode n) {
        String u = n.requiredString("url");
        URI uri = u == null ? null : url(n, u);
        Secret code = n.has("provisioningCode") ? n.secret("provisioningCode", 8) : null;
        n.known("provisioningCode");
        String ca = n.string("caFile", null);
        Duration heartbeat =
                n.duration("heartbeatInterval", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofHours(1));
        Duration poll =
                n.duration("configPollInterval", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration wait = n.duration("commandWait", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(2));
        Duration timeout =
                n.duration("requestTimeout", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5));
        Batch batch = n.object("batch", Batch::read);
        Retry retry = n.object("retry", Retry::read);
        Duration unreachable =
                n.duration("unreachableAlertAfter", Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(1));
        Outbox outbox = n.object("outbox", Outbox::read);
        List<String> commands = n.has("commands")
                ? n.stringList(
                        "commands",
                        Pattern.compile(String.join("|", COMMANDS)),
                        "one of " + String.join(", ", COMMANDS))
                : COMMANDS;
        n.known("commands");
        boolean feed = n.bool("orderFeed", true);
        return uri == null
                ? null
                : new CloudConfig(
                        uri,
                        code,
                        ca == null ? null : Path.of(ca),
                        heartbeat,
                        poll,
                        wait,
                        timeout,
                        batch,
                        retry,
                        unreachable,
                        outbox,
                        commands,
                        feed);
    }

    private static URI url(ConfigNode n, String u) {
        try {
            return parseUrl(u);
        } catch (IllegalArgumentException e) {
            n.problem("url", e.getMessage());
            return null;
        }
    }

    /**
     * A back office's address as the agent takes it: {@code https://}, or plain {@code http://} to this
     * machine only; otherwise an {@link IllegalArgumentException} saying why.
     */
    public static URI parseUrl(String u) {
        URI uri;
        try {
            uri = new URI(u);
        } catch (Exception e) {
            throw new IllegalArgumentException("is not a URL: '" + u + "'");
        }
        boolean https = "https".equals(uri.getScheme());
        boolean plain = "http".equals(uri.getScheme());
        if (!https && !plain || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an https:// URL, got '" + u + "'");
        }
        if (plain && !LOOPBACK.contains(uri.getHost())) {
            throw new IllegalArgumentException(
                    "must be https:// (plain http:// only to this machine), got '" + u + "'");
        }
        return uri;
    }

    /** The defaults of every key but {@code url}, for tools that speak to a back office as an agent would (cloud-check, fleet-sim). */
    public static CloudConfig defaults(URI url, Path caFile) {
        return new CloudConfig(
                url,
                null,
                caFile,
                Duration.ofSeconds(60),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                new Batch(1000, 1024, Duration.ofSeconds(1)),
                new Retry(Duration.ofSeconds(1), Duration.ofMinutes(5), 5, Duration.ofSeconds(30)),
                Duration.ofMinutes(5),
                new Outbox(256, 100),
                COMMANDS,
                true);
    }
}
