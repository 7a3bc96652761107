package id.dapur.edge.agent.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent subscribes to and which feature handles each incoming message. Each feature mounts
 * its own topics (the kitchen its orders, voids, actions and display receipts; food safety its
 * sensors; ...) while it is built, before the bus connects; the bus subscribes to every filter
 * mounted. A message goes to the first route, in the order mounted, whose topics take it.
 *
 * <p>A handler acknowledges the message ({@link MqttBus.Message#ack()}) when its flow is done: an
 * order only once it is on disk (or refused), so a broker with a persistent session redelivers what
 * the agent took but never stored. A message no route takes is acknowledged and logged.
 */
public final class MqttRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(MqttRoutes.class);

    private record Route(Predicate<String> takes, Consumer<MqttBus.Message> handler) {}

    private final List<String> filters = new CopyOnWriteArrayList<>();
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /**
     * Subscribes to {@code subscribe} and routes to {@code handler} every message whose topic
     * {@code takes} accepts.
     */
    public void mount(List<String> subscribe, Predicate<String> takes, Consumer<MqttBus.Message> handler) {
        for (String f : subscribe) {
            if (!filters.contains(f)) {
                filters.add(f);
            }
        }
        routes.add(new Route(takes, handler));
    }

    /** Subscribes to {@code subscribe} and routes every message one of those filters matches to {@code handler}. */
    public void mountFilters(List<String> subscribe, Consumer<MqttBus.Message> handler) {
        List<String> mine = List.copyOf(subscribe);
        mount(mine, t -> mine.stream().anyMatch(f -> MqttAcl.matches(f, t)), handler);
    }

    /** One exact topic to one handler. */
    public void mount(String topic, Consumer<MqttBus.Message> handler) {
        mount(List.of(topic), topic::equals, handler);
    }

    /** Every filter mounted so far, live: the bus reads it when it (re)subscribes. */
    List<String> subscriptions() {
        return Collections.unmodifiableList(filters);
    }

    /** A copy of the filters mounted so far. */
    public List<String> filters() {
        return new ArrayList<>(filters);
    }

    void route(MqttBus.Message m) {
        for (Route r : routes) {
            if (r.takes().test(m.topic())) {
                r.handler().accept(m);
                return;
            }
        }
        LOG.warn("an MQTT message no feature takes; acknowledged and dropped [topic: {}]", m.topic());
        m.ack().run();
    }
}
