package id.dapur.edge.agent.printing;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Responses;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.devices.printer.CloudPrntPrinter;
import id.dapur.edge.devices.printer.CloudPrntPrinter.Fetch;
import id.dapur.edge.devices.printer.CloudPrntPrinter.PollAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Star CloudPRNT over HTTP, at {@code /cloudprnt}: the URL a polling printer is given. Each printer is
 * an account of its own (HTTP Basic: the printer's id and its {@code password}), may speak only for
 * its own MAC address, and reaches only its own jobs. {@code POST} is the poll (its status block in,
 * whether a job is ready out), {@code GET ?mac&type&token} fetches the job, {@code DELETE
 * ?mac&code&token} reports how it printed. Failed logins count towards the same lockout as bearer
 * tokens. Outside {@code /api/v1}: a printer cannot send a bearer token.
 */
final class CloudPrntRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(CloudPrntRoutes.class);
    static final String PATH = "/cloudprnt";
    private static final int MAX_POLL_BYTES = 8 * 1024;
    private static final String LISTENER = "cloudprnt";

    private final Map<String, PrinterConfig> accounts;
    private final Map<String, CloudPrntPrinter> printers;
    private final LoginLimiter limiter;

    CloudPrntRoutes(Map<String, PrinterConfig> accounts, Map<String, CloudPrntPrinter> printers, LoginLimiter limiter) {
        this.accounts = accounts;
        this.printers = printers;
        this.limiter = limiter;
    }

    void mount(Router r) {
        r.route(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_POLL_BYTES));
        r.post(PATH).handler(this::poll);
        r.get(PATH).handler(this::fetch);
        r.delete(PATH).handler(this::report);
    }

    /** The printer this request comes from, or null once the answer (401, 403, 429) is sent. */
    private CloudPrntPrinter caller(RoutingContext ctx, String claimedMac) {
        String address = ctx.request().remoteAddress() == null
                ? "?"
                : ctx.request().remoteAddress().host();
        long locked = limiter == null ? 0 : limiter.lockedFor(address, LISTENER);
        if (locked > 0) {
            ctx.response()
                    .putHeader("Retry-After", Long.toString(locked))
                    .setStatusCode(429)
                    .end();
            return null;
        }
        String[] user = basic(ctx.request().getHeader("Authorization"));
        PrinterConfig account = user == null ? null : accounts.get(user[0]);
        if (account == null || account.password() == null || !account.password().matches(user[1])) {
            if (limiter != null && user != null) {
                limiter.failed(address, LISTENER, "printer " + user[0], "wrong printer id or password");
            }
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"dapur-edge cloudprnt\", charset=\"UTF-8\"");
            ApiErrors.send(ctx, ErrorCode.UNAUTHORIZED, "a printer signs in with its printer id and password");
            return null;
        }
        CloudPrntPrinter p = printers.get(account.id());
        if (claimedMac == null || !p.mac().equalsIgnoreCase(claimedMac.strip())) {
            LOG.warn(
                    "CloudPRNT request for another printer's MAC refused [printer: {}, mac: {}]",
                    account.id(),
                    claimedMac);
            ApiErrors.send(
                    ctx, ErrorCode.FORBIDDEN, "printer " + account.id() + " may speak only for its own MAC address");
            return null;
        }
        return p;
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

    /** {@code [user, password]} of an HTTP Basic header, or null. */
    static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String s = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return colon < 1 ? null : new String[] {s.substring(0, colon), s.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
