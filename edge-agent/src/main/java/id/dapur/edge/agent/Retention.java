package id.dapur.edge.agent;

import id.dapur.edge.agent.orders.H2OrderStore;
import id.dapur.edge.agent.storage.H2PrintStore;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes finished orders and done print jobs past {@code storage.retention}, 5,000 orders at a time. */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private Retention() {
    }

    static void purge(H2OrderStore orders, H2PrintStore prints, Instant before) {
        prints.purgeDone(before).onFailure(e -> LOG.warn("print job retention failed; tried again next hour [error: {}]", e.toString()));
        orders.purgeFinished(before).onSuccess(n -> {
            if (n > 0) {
                LOG.info("purged finished orders past retention [orders: {}]", n);
                if (n >= 5000) {
                    purge(orders, prints, before);
                }
            }
        }).onFailure(e -> LOG.warn("order retention failed; tried again next hour [error: {}]", e.toString()));
    }
}
