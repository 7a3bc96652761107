package id.dapur.edge.agent.kitchen;

import id.dapur.edge.agent.messaging.MessagingService;
import id.dapur.edge.agent.messaging.MqttBus;
import id.dapur.edge.agent.messaging.MqttRoutes;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Orders in, tickets out: intake, the stations' rules and desk, the store that writes an order and
 * its tickets in one unit of work, and the display receipts of the screens. What other features
 * write or know inside a ticket change reaches the store through types the kitchen owns: the chits
 * printing plans ({@link TicketWrites}), the items the floor has 86'd ({@link H2OrderStore.UnavailableItems}),
 * and the history analytics keeps ({@link TicketHistory}).
 *
 * <p>Its MQTT topics (orders, voids, screen actions, display receipts) are mounted here. A message
 * that failed for a reason a retry can cure (storage trouble) is acknowledged too, with no answer,
 * so it cannot clog the broker's in-flight window: the POS sends it again when it hears nothing.
 */
public final class KitchenService implements Service {
    private final StationRouter router;
    private final H2OrderStore store;
    private final OrderIntake intake;
    private final TicketDesk desk;
    private final ShownTickets shown;
    private final PrepTimes prepTimes;
    private final TicketTable tickets;

    public KitchenService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            Database db,
            GroupCommitWriter writer,
            MessagingService messaging,
            AgentMetrics metrics,
            Clock clock,
            BooleanSupplier intakeOpen,
            TicketWrites chits,
            H2OrderStore.UnavailableItems unavailable,
            TicketHistory history) {
        this.prepTimes = new PrepTimes(
                config.menu(),
                config.kitchen().load().defaultPrepTime(),
                config.kitchen().load().learnPrepTimes());
        Pacing pacing = Pacing.of(config.stations(), prepTimes);
        this.router = new StationRouter(config.stations(), config.defaultStation(), pacing);
        KitchenRules rules = new KitchenRules(config.kitchen().recallWindow(), router.hasExpo(), pacing);
        this.store = new H2OrderStore(vertx, db, writer, router, rules, topics, clock, chits, unavailable, history);
        this.intake = new OrderIntake(
                store, messaging.publisher(), messaging.deadLetters(), topics, metrics, clock, intakeOpen);
        this.desk = new TicketDesk(store, router, messaging.publisher(), messaging.deadLetters(), metrics, topics);
        this.shown = new ShownTickets(vertx, writer, topics, clock);
        this.tickets = H2TicketRows.table(topics);
        mount(messaging.routes(), messaging, topics);
    }

    private void mount(MqttRoutes routes, MessagingService messaging, Topics topics) {
        routes.mount(
                topics.ordersIn(),
                m -> intake.submit(m.payload(), m.topic(), m.receivedNanos())
                        .onComplete(ar -> m.ack().run()));
        routes.mount(
                topics.ordersVoid(),
                m -> intake.voidOrder(m.payload(), m.topic(), null)
                        .onComplete(ar -> m.ack().run()));
        routes.mount(
                List.of(topics.actionsWildcard()),
                t -> topics.stationOfActions(t) != null,
                m -> desk.act(m.payload(), m.topic(), topics.stationOfActions(m.topic()), null)
                        .onComplete(ar -> m.ack().run()));
        routes.mount(
                List.of(topics.shownWildcard()),
                t -> topics.stationOfShown(t) != null,
                m -> shown(topics.stationOfShown(m.topic()), m, messaging));
    }

    /** An MQTT screen's display receipt; a malformed one is dead-lettered. */
    private void shown(String station, MqttBus.Message m, MessagingService messaging) {
        List<String> ids;
        try {
            ids = ShownTickets.parse(Payloads.parseObject(m.payload()));
        } catch (Problem.Failure f) {
            messaging.deadLetters().record(m.topic(), f.problem(), m.payload());
            m.ack().run();
            return;
        }
        shown.shown(station, ids).onComplete(ar -> m.ack().run());
    }

    public StationRouter router() {
        return router;
    }

    /** The orders and tickets, to read. */
    public OrderStore store() {
        return store;
    }

    /** Deletes finished orders past {@code before}, 5,000 at a time; how many went. */
    public Future<Integer> purgeFinished(Instant before) {
        return store.purgeFinished(before);
    }

    public OrderIntake intake() {
        return intake;
    }

    public TicketDesk desk() {
        return desk;
    }

    public ShownTickets shown() {
        return shown;
    }

    /** The tickets and orders as other features read or mark them in their own units of work. */
    public TicketTable tickets() {
        return tickets;
    }

    public PrepTimes prepTimes() {
        return prepTimes;
    }
}
