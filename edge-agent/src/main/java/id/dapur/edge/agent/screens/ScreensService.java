package id.dapur.edge.agent.screens;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.kitchen.KitchenService;
import id.dapur.edge.agent.kitchen.TicketChanged;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.StationConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;

/**
 * The kitchen screens: the feed every screen reads (subscribed to ticket changes before anything
 * is accepted, so screens never wait for the broker), which stations have nobody watching (printing
 * asks, to print what a dark screen would miss), and the pages and sockets. Built before the kitchen,
 * which the pages read once they are mounted.
 */
public final class ScreensService implements Service {
    private final Vertx vertx;
    private final DapurConfig config;
    private final Clock clock;
    private final ScreenFeed feed;
    private final UnattendedStations unattended;
    private KitchenScreens pages;

    public ScreensService(
            Vertx vertx, DapurConfig config, GroupCommitWriter writer, AgentMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.feed = new ScreenFeed(
                vertx, config.stations().stream().map(StationConfig::id).toList(), clock);
        writer.subscribe(TicketChanged.class, feed::committed);
        this.unattended = new UnattendedStations(feed, config.kitchen().printWhenScreensDownAfter(), metrics);
    }

    public ScreenFeed feed() {
        return feed;
    }

    public UnattendedStations unattended() {
        return unattended;
    }

    /** {@code /kds}, a station's page, its WebSocket and assets, reading the kitchen. */
    public void mount(Router r, KitchenService kitchen, BearerAuth auth) {
        pages = new KitchenScreens(vertx, config, kitchen.store(), kitchen.desk(), feed, clock, auth, kitchen.shown());
        pages.mount(r);
    }
}
