package id.dapur.edge.agent;

import id.dapur.edge.agent.analytics.KitchenHistory;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.floor.MenuAvailability;
import id.dapur.edge.agent.kitchen.H2OrderStore;
import id.dapur.edge.agent.kitchen.KitchenRules;
import id.dapur.edge.agent.kitchen.OrderIntake;
import id.dapur.edge.agent.kitchen.Pacing;
import id.dapur.edge.agent.kitchen.PrepTimes;
import id.dapur.edge.agent.kitchen.ShownTickets;
import id.dapur.edge.agent.kitchen.StationRouter;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.kitchen.TicketDesk;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.printing.H2PrintStore;
import id.dapur.edge.agent.printing.PrintPlanner;
import id.dapur.edge.agent.screens.KitchenScreens;
import id.dapur.edge.agent.screens.ScreenFeed;
import id.dapur.edge.agent.screens.UnattendedStations;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.StationConfig;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.BooleanSupplier;

/**
 * Orders in, tickets out: intake, the stations' rules and desk, the kitchen screens, and the print
 * plan made with each order's commit. Screens subscribe to ticket changes before anything is
 * accepted, ahead of the broker: they do not wait for it.
 */
final class KitchenService implements Service {
    final StationRouter router;
    final ScreenFeed feed;
    final PrintPlanner planner;
    final H2OrderStore store;
    final OrderIntake intake;
    final TicketDesk desk;
    final KitchenScreens screens;
    final ShownTickets shown;
    final PrepTimes prepTimes;

    KitchenService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            StorageService storage,
            MessagingService messaging,
            BearerAuth auth,
            AgentMetrics metrics,
            Clock clock,
            BooleanSupplier intakeOpen) {
        this.prepTimes = new PrepTimes(
                config.menu(),
                config.kitchen().load().defaultPrepTime(),
                config.kitchen().load().learnPrepTimes());
        Pacing pacing = Pacing.of(config.stations(), prepTimes);
        this.router = new StationRouter(config.stations(), config.defaultStation(), pacing);
        KitchenRules rules = new KitchenRules(config.kitchen().recallWindow(), router.hasExpo(), pacing);
        this.feed = new ScreenFeed(
                vertx, config.stations().stream().map(StationConfig::id).toList(), clock);
        storage.writer.subscribe(TicketChanged.class, feed::committed);
        UnattendedStations unattended =
                new UnattendedStations(feed, config.kitchen().printWhenScreensDownAfter(), metrics);
        this.planner = new PrintPlanner(config, unattended::needsPaper);
        this.store = new H2OrderStore(
                vertx,
                storage.db,
                storage.writer,
                router,
                rules,
                topics,
                clock,
                H2PrintStore.chits(planner),
                MenuAvailability::unavailable,
                new KitchenHistory(s -> config.redAfter(config.station(s).orElseThrow()), ZoneId.systemDefault()));
        this.intake =
                new OrderIntake(store, messaging.publisher, messaging.deadLetters, topics, metrics, clock, intakeOpen);
        this.desk = new TicketDesk(store, router, messaging.publisher, messaging.deadLetters, metrics, topics);
        this.shown = new ShownTickets(vertx, storage.writer, topics, clock);
        this.screens = new KitchenScreens(vertx, config, store, desk, feed, clock, auth, shown);
    }
}
