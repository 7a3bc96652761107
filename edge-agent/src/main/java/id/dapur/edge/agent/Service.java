package id.dapur.edge.agent;

import io.vertx.core.Future;

/**
 * A part of the agent with a lifetime. The agent builds each service from the services started
 * before it (so a dependency is a constructor argument: what a service needs is running before it
 * is even built), starts them in the order it declares, and stops them in reverse.
 */
interface Service {
    /** Brings the service up; a failure stops the services started before it, in reverse. */
    default Future<Void> start() {
        return Future.succeededFuture();
    }

    /** Brings it down; a failure is logged and the next service is stopped all the same. */
    default Future<Void> stop() {
        return Future.succeededFuture();
    }
}
