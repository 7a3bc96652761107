package id.dapur.edge.agent.printing;

import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.security.LoginLimiter;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.config.DevicesConfig.PrinterConfig;
import id.dapur.edge.devices.printer.PolledPrinter;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a printer that polls signs in: HTTP Basic with its printer id and its {@code password}, each
 * printer an account of its own. Failed sign-ins count towards the lockout every listener shares
 * (ten in 60 s lock the address out for 60 s). A printer may then speak only for itself: the address
 * it claims (its MAC, its Server Direct Print ID) must be its own.
 */
final class PrinterSignIn {
    private static final Logger LOG = LoggerFactory.getLogger(PrinterSignIn.class);
    private static final String LISTENER = "printers";

    private final Map<String, PrinterConfig> accounts;
    private final Map<String, PolledPrinter> printers;
    private final LoginLimiter limiter;

    PrinterSignIn(Map<String, PrinterConfig> accounts, Map<String, PolledPrinter> printers, LoginLimiter limiter) {
        this.accounts = accounts;
        this.printers = printers;
        this.limiter = limiter;
    }

    /**
     * The signed-in printer if it is of {@code type} and claims its own {@code address} ({@code
     * identity} gives a printer's); null once the answer (401, 403, 429) is sent.
     */
    <T extends PolledPrinter> T printer(
            RoutingContext ctx, Class<T> type, String claimed, java.util.function.Function<T, String> identity) {
        String address = BearerAuth.address(ctx);
        long locked = limiter == null ? 0 : limiter.lockedFor(address, LISTENER);
        if (locked > 0) {
            BearerAuth.tooMany(ctx, locked);
            return null;
        }
        String[] user = basic(ctx.request().getHeader("Authorization"));
        PrinterConfig account = user == null ? null : accounts.get(user[0]);
        if (account == null || account.password() == null || !account.password().matches(user[1])) {
            if (limiter != null && user != null) {
                limiter.failed(address, LISTENER, "printer " + user[0], "wrong printer id or password");
            }
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"dapur-edge printers\", charset=\"UTF-8\"");
            ApiErrors.send(ctx, ErrorCode.UNAUTHORIZED, "a printer signs in with its printer id and password");
            return null;
        }
        PolledPrinter p = printers.get(account.id());
        if (!type.isInstance(p)) {
            ApiErrors.send(ctx, ErrorCode.FORBIDDEN, "printer " + account.id() + " does not poll here");
            return null;
        }
        T t = type.cast(p);
        if (claimed == null || !identity.apply(t).equalsIgnoreCase(claimed.strip())) {
            LOG.warn("printer request for another printer refused [printer: {}, claimed: {}]", account.id(), claimed);
            ApiErrors.send(ctx, ErrorCode.FORBIDDEN, "printer " + account.id() + " may speak only for itself");
            return null;
        }
        return t;
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
