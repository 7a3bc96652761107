package id.dapur.edge.agent.support;

import io.vertx.core.Future;

/**
 * A part of the agent with a lifetime; each feature has one (its {@code *Service}) that builds its
 * parts, mounts its routes and topics, and starts and stops them. The agent builds each service from the services started
 * before it (so a dependency is a constructor argument: what a service needs is running before it
 * is even built), starts them in the order it declares, and stops them in reverse.
 */
public interface Service {
    /** Brings the service up; a failure stops the services started before it, in reverse. */
    default Future<Void> start() {
        return Future.succeededFuture();
    }

    /** Brings it down; a failure is logged and the next service is stopped all the same. */
    default Future<Void> stop() {
        return Future.succeededFuture();
    }
}
