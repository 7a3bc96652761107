package id.dapur.edge.cloud.update;

import id.dapur.edge.config.MaintenanceConfig;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;

/**
 * Whether an update may restart the agent now (docs/fleet.md): within the outlet's update hours and
 * with the kitchen quiet as {@code maintenance.quietWhen} says. Answers why not, in words for the
 * heartbeat and the command's result, with a code: {@code OUTSIDE_UPDATE_HOURS} or {@code KITCHEN_BUSY}.
 */
public final class UpdateWindow {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** Why a restart waits. */
    public record NotNow(String code, String reason) {}

    private final MaintenanceConfig config;
    private final KitchenActivity kitchen;
    private final Clock clock;
    private final ZoneId zone;

    public UpdateWindow(MaintenanceConfig config, KitchenActivity kitchen, Clock clock, ZoneId zone) {
        this.config = config;
        this.kitchen = kitchen;
        this.clock = clock;
        this.zone = zone;
    }

    public MaintenanceConfig config() {
        return config;
    }

    /** Null when the agent may restart now; else why not. */
    public Future<NotNow> whyNotNow() {
        Instant now = clock.instant();
        LocalTime local = LocalTime.ofInstant(now, zone);
        if (!config.inUpdateHours(local)) {
            return Future.succeededFuture(new NotNow(
                    "OUTSIDE_UPDATE_HOURS",
                    "it is " + local.format(HH_MM) + "; updates restart the agent only within "
                            + config.updateHours().stream()
                                    .map(Object::toString)
                                    .collect(Collectors.joining(", "))));
        }
        return switch (config.quietWhen()) {
            case ALWAYS -> Future.succeededFuture(null);
            case LOAD_BELOW_BUSY ->
                kitchen.now()
                        .map(a -> a.busy()
                                ? new NotNow(
                                        "KITCHEN_BUSY",
                                        "the kitchen's load is BUSY or more; the update waits for NORMAL")
                                : null);
            case NO_NEW_TICKETS ->
                kitchen.now()
                        .map(a -> a.newestOpenTicket()
                                .map(t -> Duration.between(t, now))
                                .filter(age -> age.compareTo(config.quietAfter()) < 0)
                                .map(age -> new NotNow(
                                        "KITCHEN_BUSY",
                                        "an open ticket is " + minutes(age)
                                                + " old; the update waits until the newest is "
                                                + minutes(config.quietAfter()) + " old"))
                                .orElse(null));
        };
    }

    private static String minutes(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 60 ? s + " s" : s / 60 + " min";
    }
}
