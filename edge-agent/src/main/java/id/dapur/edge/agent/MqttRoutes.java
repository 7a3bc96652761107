package id.dapur.edge.agent;

import id.dapur.edge.agent.floor.MenuAvailability;
import id.dapur.edge.agent.foodsafety.FoodSafety;
import id.dapur.edge.agent.foodsafety.SensorFirmware;
import id.dapur.edge.agent.kitchen.OrderIntake;
import id.dapur.edge.agent.kitchen.ShownTickets;
import id.dapur.edge.agent.kitchen.TicketDesk;
import id.dapur.edge.agent.messaging.DeadLetters;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.DapurConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes incoming MQTT messages to the flows. A message is acknowledged to the broker when its flow
 * is done: an order only after it is on disk (or refused), so a broker with a persistent session
 * redelivers what the agent took but never stored. A message that failed for a reason a retry can
 * cure (storage trouble) is acknowledged too, with no answer, so it cannot clog the broker's
 * in-flight window: the POS sends it again when it hears nothing.
 */
final class MqttRoutes {
    private final Topics topics;
    private final OrderIntake intake;
    private final TicketDesk desk;
    private final FoodSafety foodSafety;
    private final BrokerDrops brokerDrops;
    private final ShownTickets shown;
    private final MenuAvailability menu;
    private final DeadLetters deadLetters;
    private final SensorFirmware firmware;

    MqttRoutes(
            Topics topics,
            OrderIntake intake,
            TicketDesk desk,
            FoodSafety foodSafety,
            BrokerDrops brokerDrops,
            ShownTickets shown,
            MenuAvailability menu,
            DeadLetters deadLetters,
            SensorFirmware firmware) {
        this.firmware = firmware;
        this.shown = shown;
        this.menu = menu;
        this.deadLetters = deadLetters;
        this.topics = topics;
        this.intake = intake;
        this.desk = desk;
        this.foodSafety = foodSafety;
        this.brokerDrops = brokerDrops;
    }

    /**
     * What the agent subscribes to: intake, voids, screen actions, the configured sensors, and the
     * broker's count of dropped messages ({@link BrokerDrops}; the embedded broker and Mosquitto both publish it).
     */
    static List<String> subscriptions(DapurConfig config, Topics topics) {
        List<String> out = new ArrayList<>(List.of(
                topics.ordersIn(),
                topics.ordersVoid(),
                topics.actionsWildcard(),
                topics.shownWildcard(),
                topics.menuAvailabilitySet()));
        out.addAll(FoodSafety.subscriptions(config, topics));
        out.addAll(SensorFirmware.subscriptions(config, topics));
        out.add(Topics.BROKER_DROPPED);
        return out;
    }

    void attach(MqttBus bus) {
        bus.onMessage(this::route);
    }

    private void route(MqttBus.Message m) {
        String topic = m.topic();
        if (topic.equals(topics.ordersIn())) {
            intake.submit(m.payload(), topic, m.receivedNanos())
                    .onComplete(ar -> m.ack().run());
        } else if (topic.equals(Topics.BROKER_DROPPED)) {
            brokerDrops.reported(m.payload());
            m.ack().run();
        } else if (topic.equals(topics.menuAvailabilitySet())) {
            menu.set(m.payload(), "mqtt").onComplete(ar -> {
                if (ar.failed()
                        && ar.cause() instanceof Problem.Failure f
                        && !f.problem().retryable()) {
                    deadLetters.record(topic, f.problem(), m.payload());
                }
                m.ack().run();
            });
        } else if (topic.equals(topics.ordersVoid())) {
            intake.voidOrder(m.payload(), topic, null).onComplete(ar -> m.ack().run());
        } else {
            String station = topics.stationOfActions(topic);
            String shownBy = station == null ? topics.stationOfShown(topic) : null;
            if (station != null) {
                desk.act(m.payload(), topic, station, null)
                        .onComplete(ar -> m.ack().run());
            } else if (shownBy != null) {
                shown(shownBy, m);
            } else if (firmware != null && firmware.owns(topic)) {
                firmware.handle(topic, m.payload());
                m.ack().run();
            } else {
                if (firmware != null) {
                    firmware.availability(topic, m.payload());
                }
                foodSafety.handle(topic, m.payload()); // readings are not acknowledged work: storing them does not wait
                m.ack().run();
            }
        }
    }

    /** An MQTT screen's display receipt; a malformed one is dead-lettered. */
    private void shown(String station, MqttBus.Message m) {
        List<String> ids;
        try {
            ids = ShownTickets.parse(Payloads.parseObject(m.payload()));
        } catch (Problem.Failure f) {
            deadLetters.record(m.topic(), f.problem(), m.payload());
            m.ack().run();
            return;
        }
        shown.shown(station, ids).onComplete(ar -> m.ack().run());
    }
}
