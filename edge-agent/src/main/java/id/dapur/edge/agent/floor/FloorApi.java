package id.dapur.edge.agent.floor;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Requests;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.config.Role;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The kitchen floor's endpoints (extensions in
 * contract/reference.md). Mounted after {@link HttpApi}'s bearer-token handler.
 */
public final class FloorApi {
    private final DisplayReceipts receipts;
    private final MenuAvailability menu;
    private final Supplier<KitchenLoad.Load> load;
    private final Clock clock;

    private final RecipeCards recipes;

    public FloorApi(
            DisplayReceipts receipts,
            MenuAvailability menu,
            Supplier<KitchenLoad.Load> load,
            RecipeCards recipes,
            Clock clock) {
        this.recipes = recipes;
        this.receipts = receipts;
        this.menu = menu;
        this.load = load;
        this.clock = clock;
    }

    public void mount(Router r) {
        r.get("/api/v1/tickets/unseen").handler(this::unseen);
        r.get("/api/v1/menu/availability").handler(this::availability);
        r.post("/api/v1/menu/availability").handler(this::setAvailability);
        r.get("/api/v1/menu/recipes/:sku").handler(this::recipe);
        r.get("/api/v1/menu/recipes/:sku/photo").handler(this::photo);
        r.get("/api/v1/kitchen/load").handler(ctx -> {
            if (BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
                Responses.json(ctx, 200, load.get());
            }
        });
    }

    private void availability(RoutingContext ctx) {
        if (BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            menu.list()
                    .onSuccess(list -> Responses.json(ctx, 200, Map.of("unavailable", list)))
                    .onFailure(e -> ApiErrors.fail(ctx, e));
        }
    }

    private void recipe(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            return;
        }
        recipes.card(ctx.pathParam("sku"))
                .ifPresentOrElse(
                        card -> Responses.json(ctx, 200, card),
                        () -> ApiErrors.send(
                                ctx, ErrorCode.NOT_FOUND, "no recipe card for sku '" + ctx.pathParam("sku") + "'"));
    }

    /** The cached plating photo, from disk (never fetched on the request's path). */
    private void photo(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            return;
        }
        recipes.photo(ctx.pathParam("sku"))
                .ifPresentOrElse(
                        p -> ctx.response()
                                .putHeader("Content-Type", p.contentType())
                                .putHeader("Cache-Control", "private, max-age=3600")
                                .putHeader("X-Content-Type-Options", "nosniff")
                                .sendFile(p.file().toString()),
                        () -> ApiErrors.send(
                                ctx, ErrorCode.NOT_FOUND, "no photo cached for sku '" + ctx.pathParam("sku") + "'"));
    }

    /** the contract: roles kds and admin. */
    private void setAvailability(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS)) {
            return;
        }
        Caller c = ctx.get(BearerAuth.CALLER);
        byte[] body =
                ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        menu.set(body, c.name())
                .onSuccess(entry -> Responses.json(ctx, 200, entry))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    /** Tickets no screen showed in time (sent to paper) and none has shown since: {@code ?hours=} back, default 24. */
    private void unseen(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            return;
        }
        Integer hours = Requests.intParam(ctx, "hours", 24, 1, 24 * 14);
        if (hours == null) {
            return;
        }
        receipts.unseen(clock.instant().minus(Duration.ofHours(hours)), 500)
                .onSuccess(list -> Responses.json(ctx, 200, Map.of("tickets", list)))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
