package id.dapur.edge.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Payloads;
import id.dapur.edge.agent.support.Problem;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** What the routes of every feature read from a request the same way. */
public final class Requests {
    private Requests() {}

    /** A whole-number query parameter in [min, max] ({@code dflt} when absent); null after answering 400 {@code INVALID_QUERY}. */
    public static Integer intParam(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParams().get(name);
        try {
            int n = v == null ? dflt : Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, name + " must be a whole number from " + min + " to " + max);
        return null;
    }

    /** The request's body as bytes (empty when none). */
    public static byte[] body(RoutingContext ctx) {
        return ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    }

    /** The body as a JSON object, or null after answering why not. */
    public static JsonNode jsonBody(RoutingContext ctx) {
        try {
            return Payloads.parseObject(body(ctx));
        } catch (Problem.Failure f) {
            ApiErrors.fail(ctx, f);
            return null;
        }
    }

    /** The longest period a records query may ask for. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    /** A period [from, to). */
    public record Range(Instant from, Instant to) {}

    /**
     * [from, to) from the query's {@code from} and {@code to} (ISO instants, or dates in {@code zone});
     * today when absent. Null after answering 400 {@code INVALID_QUERY}.
     */
    public static Range range(RoutingContext ctx, Clock clock, ZoneId zone) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        try {
            Instant from =
                    time(ctx.queryParams().get("from"), today.atStartOfDay(zone).toInstant(), false, zone);
            Instant to = time(
                    ctx.queryParams().get("to"),
                    today.plusDays(1).atStartOfDay(zone).toInstant(),
                    true,
                    zone);
            if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_RANGE.plusDays(1)) > 0) {
                ApiErrors.send(ctx, ErrorCode.INVALID_QUERY, "from must be before to, at most 400 days apart");
                return null;
            }
            return new Range(from, to);
        } catch (DateTimeParseException e) {
            ApiErrors.send(
                    ctx,
                    ErrorCode.INVALID_QUERY,
                    "from and to must be ISO instants (2026-12-01T10:00:00Z) or dates (2026-12-01)");
            return null;
        }
    }

    private static Instant time(String v, Instant dflt, boolean end, ZoneId zone) {
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        if (v.length() == 10) {
            LocalDate d = LocalDate.parse(v);
            return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
        }
        return Instant.parse(v);
    }
}
