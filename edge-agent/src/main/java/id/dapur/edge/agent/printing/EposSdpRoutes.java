package id.dapur.edge.agent.printing;

import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.devices.printer.EposSdpPrinter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Epson Server Direct Print, at {@code /epson-sdp}: the URL an Epson printer's Server Direct Print
 * setting is given. Every request is a form {@code POST}; {@code ConnectionType=GetRequest&ID=…} asks
 * for a job (answered with an ePOS-Print {@code PrintRequestInfo} document, or an empty body when there
 * is none), {@code ConnectionType=SetResponse&ID=…&ResponseFile=…} reports how one printed. Each
 * printer signs in as itself ({@link PrinterSignIn}) and may speak only for its own ID.
 */
final class EposSdpRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(EposSdpRoutes.class);
    static final String PATH = "/epson-sdp";
    private static final int MAX_FORM_BYTES = 64 * 1024;

    private final PrinterSignIn signIn;

    EposSdpRoutes(PrinterSignIn signIn) {
        this.signIn = signIn;
    }

    void mount(Router r) {
        r.route(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES));
        r.post(PATH).handler(this::request);
    }

    private void request(RoutingContext ctx) {
        EposSdpPrinter p =
                signIn.printer(ctx, EposSdpPrinter.class, ctx.request().getFormAttribute("ID"), EposSdpPrinter::id);
        if (p == null) {
            return;
        }
        String type = ctx.request().getFormAttribute("ConnectionType");
        if ("GetRequest".equals(type)) {
            byte[] job = p.request();
            if (job == null) {
                ctx.response().setStatusCode(200).end();
            } else {
                ctx.response()
                        .putHeader("Content-Type", "text/xml; charset=utf-8")
                        .setStatusCode(200)
                        .end(Buffer.buffer(job));
            }
        } else if ("SetResponse".equals(type)) {
            if (!p.response(ctx.request().getFormAttribute("ResponseFile"))) {
                LOG.warn(
                        "Server Direct Print result for no job in hand, or unreadable; nothing changes [printer: {}]",
                        p.describe());
            }
            ctx.response().setStatusCode(200).end();
        } else {
            ApiErrors.send(ctx, ErrorCode.INVALID_BODY, "ConnectionType must be GetRequest or SetResponse");
        }
    }
}
