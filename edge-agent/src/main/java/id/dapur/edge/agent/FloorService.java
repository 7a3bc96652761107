package id.dapur.edge.agent;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.floor.BoardPage;
import id.dapur.edge.agent.floor.ChangedTicket;
import id.dapur.edge.agent.floor.DisplayReceipts;
import id.dapur.edge.agent.floor.KitchenLoad;
import id.dapur.edge.agent.floor.KitchenLoadFeed;
import id.dapur.edge.agent.floor.MenuAvailability;
import id.dapur.edge.agent.floor.RecipeCards;
import id.dapur.edge.agent.kitchen.ShownTickets;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.messaging.Topics;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.StationConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The kitchen floor: display receipts, the 86 board, kitchen load and
 * pacing, the ready board and recipe cards, built on the kitchen, alerts and printing.
 */
final class FloorService implements Service {
    final DisplayReceipts receipts;
    final MenuAvailability menu;
    final BoardPage board;
    final KitchenLoadFeed load;
    final RecipeCards recipes;
    /** The database, for the audit trail's reads (its entries are written by each change's own unit of work). */
    final Database db;

    FloorService(
            Vertx vertx,
            DapurConfig config,
            Topics topics,
            StorageService storage,
            KitchenService kitchen,
            AlertsService alerts,
            PrintingService printing,
            BearerAuth auth,
            AgentMetrics metrics,
            Clock clock) {
        this.receipts = new DisplayReceipts(
                vertx, storage.db, alerts.alerts, kitchen.planner, kitchen.router, topics, config, clock, metrics);
        storage.writer.subscribe(ShownTickets.ShownLate.class, receipts::shownLate);
        printing.spooler.onPrinted(receipts::printed);
        this.menu = new MenuAvailability(vertx, storage.db, storage.writer, config.menu(), topics, clock);
        storage.writer.subscribe(
                MenuAvailability.Changed.class,
                MenuAvailability.latest(c -> kitchen.feed.state("menu", Map.of("unavailable", c.unavailable()))));
        this.board = new BoardPage(vertx, config, auth, kitchen.store, clock);
        List<String> cooking = config.stations().stream()
                .filter(s -> !s.expo())
                .map(StationConfig::id)
                .toList();
        this.load = new KitchenLoadFeed(
                vertx,
                new KitchenLoad(cooking, config.kitchen().load(), kitchen.prepTimes, clock),
                kitchen.store,
                storage.writer,
                kitchen.feed,
                topics,
                clock);
        // one parse of each change for the board and the load, on the context both are confined to
        Context floor = vertx.getOrCreateContext();
        storage.writer.subscribe(
                TicketChanged.class,
                changes -> floor.runOnContext(v -> {
                    List<ChangedTicket> parsed = ChangedTicket.parse(changes);
                    board.applied(parsed);
                    load.applied(parsed);
                }));
        this.recipes = new RecipeCards(vertx, config.menu(), config.storage().dir());
        this.db = storage.db;
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
