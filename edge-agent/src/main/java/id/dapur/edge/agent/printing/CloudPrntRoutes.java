package id.dapur.edge.agent.printing;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.devices.printer.CloudPrntPrinter;
import id.dapur.edge.devices.printer.CloudPrntPrinter.Fetch;
import id.dapur.edge.devices.printer.CloudPrntPrinter.PollAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Star CloudPRNT over HTTP, at {@code /cloudprnt}: the URL a polling printer is given. Each printer
 * signs in as itself ({@link PrinterSignIn}), may speak only for its own MAC address, and reaches only
 * its own jobs. {@code POST} is the poll (its status block in,
 * whether a job is ready out), {@code GET ?mac&type&token} fetches the job, {@code DELETE
 * ?mac&code&token} reports how it printed. Outside {@code /api/v1}: a printer cannot send a bearer
 * token.
 */
final class CloudPrntRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(CloudPrntRoutes.class);
    static final String PATH = "/cloudprnt";
    private static final int MAX_POLL_BYTES = 8 * 1024;

    private final PrinterSignIn signIn;

    CloudPrntRoutes(PrinterSignIn signIn) {
        this.signIn = signIn;
    }

    void mount(Router r) {
        r.route(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_POLL_BYTES));
        r.post(PATH).handler(this::poll);
        r.get(PATH).handler(this::fetch);
        r.delete(PATH).handler(this::report);
    }

    private CloudPrntPrinter caller(RoutingContext ctx, String claimedMac) {
        return signIn.printer(ctx, CloudPrntPrinter.class, claimedMac, CloudPrntPrinter::mac);
    }

    private void poll(RoutingContext ctx) {
        JsonNode body;
        try {
            body = Payloads.parseObject(
                    ctx.body() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (RuntimeException e) {
            ApiErrors.send(ctx, ErrorCode.INVALID_JSON, "the poll is not a JSON object");
            return;
        }
        CloudPrntPrinter p = caller(ctx, body.path("printerMAC").asText(null));
        if (p == null) {
            return;
        }
        PollAnswer a = p.poll(body.path("status").asText(null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobReady", a.jobReady());
        if (a.jobReady()) {
            out.put("mediaTypes", a.mediaTypes());
            out.put("jobToken", a.jobToken());
            out.put("deleteMethod", "DELETE");
        }
        Responses.json(ctx, 200, out);
    }

    private void fetch(RoutingContext ctx) {
        CloudPrntPrinter p = caller(ctx, ctx.queryParams().get("mac"));
        if (p == null) {
            return;
        }
        Fetch f = p.fetch(ctx.queryParams().get("type"), ctx.queryParams().get("token"));
        if (f.job() == null) {
            String why = switch (f.problem()) {
                case NO_JOB -> "no job is ready";
                case WRONG_TOKEN -> "no job has this token";
                case UNSUPPORTED_MEDIA_TYPE -> "this printer's jobs come as " + p.mediaType();
            };
            ApiErrors.send(ctx, ErrorCode.NOT_FOUND, why);
            return;
        }
        ctx.response()
                .putHeader("Content-Type", f.job().mediaType())
                .putHeader("X-Star-Cut", "partial; feed=true")
                .setStatusCode(200)
                .end(Buffer.buffer(f.job().body()));
    }

    private void report(RoutingContext ctx) {
        CloudPrntPrinter p = caller(ctx, ctx.queryParams().get("mac"));
        if (p == null) {
            return;
        }
        String token = ctx.queryParams().get("token");
        String code = ctx.queryParams().get("code");
        if (!p.report(token, code)) {
            // already settled or withdrawn: the printer is told all is well so it stops asking
            LOG.warn(
                    "CloudPRNT report for a job not in hand; nothing changes [printer: {}, token: {}, code: {}]",
                    p.describe(),
                    token,
                    code);
        }
        ctx.response().setStatusCode(200).end();
    }
}
