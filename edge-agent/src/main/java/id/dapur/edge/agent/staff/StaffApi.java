package id.dapur.edge.agent.staff;

import com.fasterxml.jackson.databind.JsonNode;
import id.dapur.edge.agent.auth.BearerAuth;
import id.dapur.edge.agent.http.ApiErrors;
import id.dapur.edge.agent.http.Requests;
import id.dapur.edge.agent.http.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who is signed in at a station's screen, over HTTP: sign in with a PIN, sign out, ask. A kds token
 * acts for its own station only. Mounted after the bearer-token handler.
 */
public final class StaffApi {
    private final StationStaff staff;

    public StaffApi(StationStaff staff) {
        this.staff = staff;
    }

    public void mount(Router r) {
        r.post("/api/v1/stations/:station/staff").handler(this::signIn);
        r.delete("/api/v1/stations/:station/staff").handler(this::signOut);
        r.get("/api/v1/stations/:station/staff").handler(this::signedIn);
    }

    private void signIn(RoutingContext ctx) {
        String station = ctx.pathParam("station");
        if (!BearerAuth.atOwnStation(ctx, station)) {
            return;
        }
        JsonNode b = Requests.jsonBody(ctx);
        if (b == null) {
            return;
        }
        String staffId = b.path("staffId").isTextual() ? b.path("staffId").asText() : null;
        String pin = b.path("pin").isTextual() ? b.path("pin").asText() : null;
        staff.signIn(station, staffId, pin, "http:" + BearerAuth.caller(ctx).name())
                .onSuccess(s -> Responses.json(ctx, 201, s.describe()))
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void signOut(RoutingContext ctx) {
        String station = ctx.pathParam("station");
        if (!BearerAuth.atOwnStation(ctx, station)) {
            return;
        }
        staff.signOut(station, "http:" + BearerAuth.caller(ctx).name())
                .onSuccess(was -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("station", station);
                    out.put("signedOut", was.map(StationStaff.SignedIn::staffId).orElse(null));
                    Responses.json(ctx, 200, out);
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }

    private void signedIn(RoutingContext ctx) {
        String station = ctx.pathParam("station");
        if (!BearerAuth.atOwnStation(ctx, station)) {
            return;
        }
        staff.all()
                .onSuccess(all -> {
                    StationStaff.SignedIn s = all.get(station);
                    Responses.json(ctx, 200, s == null ? Map.of("station", station) : s.describe());
                })
                .onFailure(e -> ApiErrors.fail(ctx, e));
    }
}
