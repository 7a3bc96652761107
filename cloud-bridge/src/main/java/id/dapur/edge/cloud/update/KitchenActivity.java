package id.dapur.edge.cloud.update;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.Optional;

/** What the kitchen is doing, as far as an update's restart cares: its newest open ticket and its load. */
@FunctionalInterface
public interface KitchenActivity {
    /** No kitchen to look at (a bridge without one, or a test): always quiet. */
    KitchenActivity NONE = () -> Future.succeededFuture(new Activity(Optional.empty(), false));

    Future<Activity> now();

    /** When the newest open ticket was created (none open: empty), and whether the load is BUSY or more. */
    record Activity(Optional<Instant> newestOpenTicket, boolean busy) {}
}
