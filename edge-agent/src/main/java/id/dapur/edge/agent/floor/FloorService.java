package id.dapur.edge.agent.floor;

import id.dapur.edge.agent.alerts.AlertsService;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.kitchen.KitchenService;
import id.dapur.edge.agent.kitchen.ShownTickets;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.messaging.MessagingService;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.printing.PrintingService;
import id.dapur.edge.agent.screens.ScreenFeed;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.StationConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The floor: display receipts (what each screen showed, and the tickets no one saw), the menu's
 * availability (86) and its topic, the ready board, the kitchen's load and quotes, and the recipe
 * cards, with their routes.
 */
public final class FloorService implements Service {
    private final Clock clock;
    private final DisplayReceipts receipts;
    private final MenuAvailability menu;
    private final BoardPage board;
    private final KitchenLoadFeed load;
    private final RecipeCards recipes;

    public FloorService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            Database db,
            GroupCommitWriter writer,
            MessagingService messaging,
            KitchenService kitchen,
            ScreenFeed feed,
            AlertsService alerts,
            PrintingService printing,
            BearerAuth auth,
            AgentMetrics metrics,
            Clock clock) {
        this.clock = clock;
        this.receipts = new DisplayReceipts(
                vertx,
                db,
                alerts.alerts(),
                printing.unseenChits(),
                kitchen.router(),
                kitchen.tickets(),
                topics,
                config,
                clock,
                metrics);
        writer.subscribe(ShownTickets.ShownLate.class, receipts::shownLate);
        printing.spooler().onPrinted(receipts::printed);
        this.menu = new MenuAvailability(vertx, db, writer, config.menu(), topics, clock);
        writer.subscribe(
                MenuAvailability.Changed.class,
                MenuAvailability.latest(c -> feed.state("menu", Map.of("unavailable", c.unavailable()))));
        messaging
                .routes()
                .mount(
                        topics.menuAvailabilitySet(),
                        m -> menu.set(m.payload(), "mqtt").onComplete(ar -> {
                            if (ar.failed()
                                    && ar.cause() instanceof Problem.Failure f
                                    && !f.problem().retryable()) {
                                messaging.deadLetters().record(m.topic(), f.problem(), m.payload());
                            }
                            m.ack().run();
                        }));
        this.board = new BoardPage(vertx, config, auth, kitchen.store(), clock);
        List<String> cooking = config.stations().stream()
                .filter(s -> !s.expo())
                .map(StationConfig::id)
                .toList();
        this.load = new KitchenLoadFeed(
                vertx,
                new KitchenLoad(cooking, config.kitchen().load(), kitchen.prepTimes(), clock),
                kitchen.store(),
                writer,
                feed,
                topics,
                clock);
        // each change for the board and the load, on the context both are confined to
        Context floor = vertx.getOrCreateContext();
        writer.subscribe(
                TicketChanged.class,
                changes -> floor.runOnContext(v -> {
                    List<ChangedTicket> applied = ChangedTicket.of(changes);
                    board.applied(applied);
                    load.applied(applied);
                }));
        this.recipes = new RecipeCards(vertx, config.menu(), config.storage().dir());
    }

    /** The kitchen's load now: level, quote, per station. */
    public KitchenLoad.Load load() {
        return load.current();
    }

    /** When the newest open ticket was created (empty: none open). */
    public Future<Optional<Instant>> newestOpenTicket() {
        return load.newestOpenTicket();
    }

    public void mount(Router r) {
        new FloorApi(receipts, menu, load::current, recipes, clock).mount(r);
        board.mount(r);
    }

    @Override
    public Future<Void> start() {
        return receipts.start()
                .compose(v -> menu.start())
                .compose(v -> board.start())
                .compose(v -> load.start())
                .compose(v -> recipes.start());
    }

    @Override
    public Future<Void> stop() {
        receipts.stop();
        menu.stop();
        board.stop();
        recipes.stop();
        return Future.succeededFuture();
    }
}
