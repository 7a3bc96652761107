package id.dapur.edge.agent;

import id.dapur.edge.agent.support.Service;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The services started so far, to stop in reverse: what {@link Agent} declares as its list. */
final class Services {
    private static final Logger LOG = LoggerFactory.getLogger(Services.class);
    private final Deque<Service> started = new ArrayDeque<>();

    /**
     * Builds a service (only now, from those already started) and starts it. A service whose
     * building throws is not started, and the start fails.
     */
    <S extends Service> Future<S> start(Callable<S> build) {
        S service;
        try {
            service = build.call();
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
        started.push(service);
        return service.start().map(v -> service);
    }

    /** Stops every service started (or being started), newest first; each failure is logged, the rest still stop. */
    Future<Void> stopAll() {
        Service s = started.poll();
        if (s == null) {
            return Future.succeededFuture();
        }
        Future<Void> stopped;
        try {
            stopped = s.stop();
        } catch (RuntimeException e) {
            stopped = Future.failedFuture(e);
        }
        return stopped.recover(e -> {
                    LOG.error(
                            "a service failed to stop; stopping the rest [service: {}, error: {}]",
                            s.getClass().getSimpleName(),
                            e.toString(),
                            e);
                    return Future.succeededFuture();
                })
                .compose(v -> stopAll());
    }
}
