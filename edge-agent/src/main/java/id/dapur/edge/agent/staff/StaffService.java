package id.dapur.edge.agent.staff;

import id.dapur.edge.agent.audit.AuditLog;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.Service;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.config.StationConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Who works at each station: sign-in by PIN, sign-out, their routes; told to whoever shows it (the screens). */
public final class StaffService implements Service {
    private final StationStaff staff;

    public StaffService(
            Vertx vertx,
            DapurConfig config,
            Database db,
            GroupCommitWriter writer,
            Consumer<List<Map<String, Object>>> show,
            AgentMetrics metrics,
            Clock clock) {
        this.staff = new StationStaff(
                vertx,
                writer,
                db,
                config.staff(),
                config.stations().stream().map(StationConfig::id).collect(Collectors.toSet()),
                new AuditLog(vertx, writer, clock),
                clock,
                metrics);
        staff.watch(all -> show.accept(StationStaff.describe(all)));
    }

    public StationStaff staff() {
        return staff;
    }

    public void mount(Router r) {
        new StaffApi(staff).mount(r);
    }
}
