package id.dapur.edge.agent.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deleting records past their keep: once 90 s after the start, then every hour, each feature its own. */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private Retention() {}

    /**
     * Runs {@code purge} (how many {@code what} it deleted) on that schedule: what went is logged, a
     * failure is logged and tried again the next hour. The timer's id, to cancel at the stop.
     */
    public static long hourly(Vertx vertx, String what, Supplier<Future<Integer>> purge) {
        return vertx.setPeriodic(
                90_000,
                3_600_000,
                t -> purge.get()
                        .onSuccess(n -> {
                            if (n > 0) {
                                LOG.info("records past retention deleted [{}: {}]", what, n);
                            }
                        })
                        .onFailure(e -> LOG.warn(
                                "retention failed; tried again next hour [records: {}, error: {}]",
                                what,
                                e.toString())));
    }
}
