package id.dapur.edge.agent.cloud;

import id.dapur.edge.agent.alerts.Alerts;
import id.dapur.edge.agent.storage.H2CloudOutbox;
import id.dapur.edge.cloud.CloudOutbox;
import id.dapur.edge.config.CloudConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the cloud outbox within its disk budget. Every few seconds and whenever events are added:
 * past 90 % of {@code cloud.outbox.budgetMb}, or with less free disk than {@code minFreeDiskMb},
 * raw sensor readings are shed oldest-first down to 80 % (each pass recorded and told to the cloud);
 * orders, tickets, alerts and audit events are never shed, whatever it costs. {@code STORAGE_LOW}
 * is raised once when the budget is reached or the disk runs low, and cleared once when both are
 * back under their marks.
 */
final class StorageGuard {
    private static final Logger LOG = LoggerFactory.getLogger(StorageGuard.class);
    private static final double HIGH = 0.9;
    private static final double LOW = 0.8;

    private final Vertx vertx;
    private final Context context;
    private final H2CloudOutbox outbox;
    private final Alerts alerts;
    private final CloudConfig.Outbox budget;
    private final Path dir;
    private long timer = -1;
    private boolean checking;
    private volatile boolean low;
    private volatile long free = -1;

    StorageGuard(Vertx vertx, H2CloudOutbox outbox, Alerts alerts, CloudConfig.Outbox budget, Path dir) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext(); // every check on one context: `checking` needs no lock
        this.outbox = outbox;
        this.alerts = alerts;
        this.budget = budget;
        this.dir = dir;
        outbox.onAdded(() -> {
            if (outbox.backlog().bytes() > budget.budgetBytes() * HIGH) {
                context.runOnContext(v -> check());
            }
        });
    }

    void start() {
        context.runOnContext(v -> {
            alerts.open().onSuccess(open -> {
                low = open.stream().anyMatch(a -> "STORAGE_LOW".equals(a.kind()));
                check();
            });
            timer = vertx.setPeriodic(5000, t -> check());
        });
    }

    void stop() {
        context.runOnContext(v -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        });
    }

    boolean low() {
        return low;
    }

    long freeBytes() {
        return free;
    }

    private void check() {
        if (checking) {
            return;
        }
        checking = true;
        vertx.executeBlocking(
                        () -> {
                            try {
                                return Files.getFileStore(dir).getUsableSpace();
                            } catch (IOException e) {
                                return -1L;
                            }
                        },
                        false)
                .compose(usable -> {
                    free = usable;
                    boolean diskLow = usable >= 0 && usable < budget.minFreeDiskBytes();
                    CloudOutbox.Backlog b = outbox.backlog();
                    long max = budget.budgetBytes();
                    boolean over = b.bytes() > max * HIGH;
                    if (!over && !diskLow) {
                        if (low && b.bytes() < max * LOW) {
                            low = false;
                            LOG.info("storage back under its marks [outbox bytes: {}, free: {}]", b.bytes(), usable);
                            alerts.clear("STORAGE_LOW", "storage");
                        }
                        return Future.<Void>succeededFuture();
                    }
                    long toFree = diskLow
                            ? Math.max(b.bytes() - (long) (max * LOW), b.bytes() / 2)
                            : b.bytes() - (long) (max * LOW);
                    String reason = diskLow
                            ? "free disk below " + budget.minFreeDiskMb() + " MiB"
                            : "cloud outbox over its budget of " + budget.budgetMb() + " MiB";
                    return outbox.shed(toFree, reason).map(shed -> {
                        if (shed.events() > 0) {
                            LOG.warn(
                                    "shed raw sensor readings to stay within the disk budget [events: {}, bytes: {}, from: {}, to: {}, reason: {}]",
                                    shed.events(),
                                    shed.bytes(),
                                    shed.first(),
                                    shed.last(),
                                    reason);
                        }
                        if (!low) {
                            low = true;
                            CloudOutbox.Backlog now = outbox.backlog();
                            alerts.raise(
                                    "STORAGE_LOW",
                                    "storage",
                                    "WARNING",
                                    reason + ": " + now.events() + " events (" + now.bytes() / 1024
                                            + " KiB) wait for the cloud; raw sensor readings are shed oldest-first, orders, tickets and alerts are kept");
                        }
                        return null;
                    });
                })
                .onComplete(ar -> {
                    checking = false;
                    if (ar.failed()) {
                        LOG.warn("storage check failed [error: {}]", ar.cause().toString());
                    }
                });
    }
}
