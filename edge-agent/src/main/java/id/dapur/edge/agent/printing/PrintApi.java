package id.dapur.edge.agent.printing;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.auth.Caller;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.Role;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Printing endpoints (extensions of the contract, in docs/printing.md): printers and their state,
 * recent jobs, a test page, a manual reprint of any ticket, a customer receipt. Mounted after
 * {@link HttpApi}'s bearer-token handler.
 */
public final class PrintApi {
    private final PrintSpooler spooler;

    public PrintApi(PrintSpooler spooler) {
        this.spooler = spooler;
    }

    public void mount(Router r) {
        r.get("/api/v1/printers").handler(this::printers);
        r.get("/api/v1/printers/:printer/jobs").handler(this::jobs);
        r.post("/api/v1/printers/:printer/test").handler(this::testPage);
        r.postWithRegex("/api/v1/tickets/(?<ticket>.+)/reprint").handler(this::reprint);
        r.post("/api/v1/orders/:orderId/receipt").handler(this::receipt);
    }

    private void printers(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            return;
        }
        Responses.json(ctx, 200, Map.of("printers", spooler.printers()));
    }

    private void jobs(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS, Role.POS) || !known(ctx)) {
            return;
        }
        int limit;
        try {
            limit = Integer.parseInt(
                    ctx.queryParams().get("limit") == null
                            ? "50"
                            : ctx.queryParams().get("limit"));
            if (limit < 1 || limit > 500) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "limit must be 1-500");
            return;
        }
        spooler.recentJobs(ctx.pathParam("printer"), limit)
                .onSuccess(list -> Responses.json(ctx, 200, Map.of("jobs", list)))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void testPage(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx) || !known(ctx)) {
            return;
        }
        accepted(ctx, spooler.testPage(ctx.pathParam("printer")));
    }

    private void reprint(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.KDS, Role.POS)) {
            return;
        }
        String ticketId = URLDecoder.decode(ctx.pathParam("ticket"), StandardCharsets.UTF_8);
        Caller c = ctx.get(BearerAuth.CALLER);
        if (c.role() == Role.KDS && !ticketId.endsWith("/" + c.station())) {
            ApiErrors.send(
                    ctx,
                    ErrorCode.FORBIDDEN_STATION,
                    "a screen of station " + c.station() + " may reprint only its own tickets");
            return;
        }
        accepted(ctx, printerOf(ctx).compose(printer -> spooler.reprint(ticketId, printer)));
    }

    private void receipt(RoutingContext ctx) {
        if (!BearerAuth.allowed(ctx, Role.POS)) {
            return;
        }
        accepted(ctx, printerOf(ctx).compose(printer -> spooler.receipt(ctx.pathParam("orderId"), printer)));
    }

    /** The optional {@code {"printer": id}} body: null when absent, failed with a Problem when bad. */
    private static Future<String> printerOf(RoutingContext ctx) {
        byte[] body =
                ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (body.length == 0) {
            return Future.succeededFuture();
        }
        try {
            JsonNode p = Payloads.parseObject(body).get("printer");
            if (p == null || p.isNull()) {
                return Future.succeededFuture();
            }
            if (!p.isTextual() || !p.asText().matches("[a-z0-9-]{1,32}")) {
                return Future.failedFuture(Problem.of(ErrorCode.INVALID_BODY, "printer must be a printer id")
                        .asFailure());
            }
            return Future.succeededFuture(p.asText());
        } catch (Problem.Failure f) {
            return Future.failedFuture(f);
        }
    }

    private boolean known(RoutingContext ctx) {
        if (spooler.knows(ctx.pathParam("printer"))) {
            return true;
        }
        ApiErrors.send(ctx, ErrorCode.UNKNOWN_PRINTER, "no printer '" + ctx.pathParam("printer") + "' at this outlet");
        return false;
    }

    private static void accepted(RoutingContext ctx, Future<PrintJob> job) {
        job.onSuccess(j -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("jobId", j.jobId());
                    out.put("printer", j.printerId());
                    out.put("kind", j.kind().name());
                    out.put("reprint", j.reprint());
                    Responses.json(ctx, 202, out);
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
