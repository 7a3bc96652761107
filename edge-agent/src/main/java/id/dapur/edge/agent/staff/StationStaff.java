package id.dapur.edge.agent.staff;

import id.dapur.edge.agent.audit.Audit;
import id.dapur.edge.agent.audit.AuditLog;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.agent.storage.GroupCommitWriter;
import id.dapur.edge.agent.storage.WriteBatch;
import id.dapur.edge.agent.support.AgentMetrics;
import id.dapur.edge.agent.support.ErrorCode;
import id.dapur.edge.agent.support.Problem;
import id.dapur.edge.config.PinHash;
import id.dapur.edge.config.StaffConfig;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Cooks signed in at stations. Signing in checks the PIN against its slow hash on a
 * worker thread, then in one unit of work records who is at the station (a cook at one station at a
 * time: signing in elsewhere signs them out here; a station holds one cook: the one before is signed
 * out) with its audit entries. Actions made at a station read who is signed in inside their own unit
 * of work ({@link #at}), so an action and a sign-out are ordered. Signing in is never required.
 *
 * <p>Refusals: a wrong PIN, an unknown or inactive staff id all answer {@code WRONG_PIN} alike (no
 * telling which ids exist), each audited; after {@link PinGuard#MAX_FAILURES} refusals for one staff id
 * (or for unknown ids at one station) within the guard's window, that key is refused with
 * {@code STAFF_LOCKED} without checking, and not audited again until the lock ends: the trail is bounded.
 */
public final class StationStaff {
    /** Who is at a station, since when. */
    public record SignedIn(String station, String staffId, String name, Instant since) {
        /** As the API and the screens show it: {@code {"station", "staffId", "name", "since"}}. */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("station", station);
            m.put("staffId", staffId);
            m.put("name", name);
            m.put("since", since.toString());
            return m;
        }
    }

    /** Who is at every station after a change, told to screens once committed. */
    public record Changed(Map<String, SignedIn> byStation) {}

    /** A hash to check unknown ids against, so they cost the same work; made on a worker when first needed. */
    private static final class Dummy {
        static final String HASH = PinHash.of("0000", PinHash.ITERATIONS);
    }

    private final Vertx vertx;
    private final Context context;
    private final GroupCommitWriter writer;
    private final Database db;
    private final StaffConfig staff;
    private final Set<String> stations;
    private final AuditLog audit;
    private final Clock clock;
    private final PinGuard guard;
    private final Counter refused;

    public StationStaff(
            Vertx vertx,
            GroupCommitWriter writer,
            Database db,
            StaffConfig staff,
            Set<String> stations,
            AuditLog audit,
            Clock clock,
            AgentMetrics metrics) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.writer = writer;
        this.db = db;
        this.staff = staff;
        this.stations = Set.copyOf(stations);
        this.audit = audit;
        this.clock = clock;
        this.guard = new PinGuard(clock);
        this.refused = metrics.counter("dapur.staff.signin.refused"); // wrong PIN, unknown or locked staff id
    }

    /** The staff id signed in at a station, read inside a unit of work; null when nobody is. */
    public static String at(Connection c, String station) throws SQLException {
        if (station == null) {
            return null;
        }
        return H2StaffStore.at(c, station);
    }

    /** Signs a cook in at a station; {@code from} is the caller (audited). */
    public Future<SignedIn> signIn(String station, String staffId, String pin, String from) {
        if (!stations.contains(station)) {
            return Future.failedFuture(Problem.of(ErrorCode.UNKNOWN_STATION, "no station " + station)
                    .asFailure());
        }
        if (staffId == null || !StaffConfig.ID.matcher(staffId).matches()) {
            return Future.failedFuture(
                    Problem.of(ErrorCode.INVALID_STAFF, "staffId must be 1-32 characters of A-Z a-z 0-9 . _ -")
                            .asFailure());
        }
        Optional<StaffConfig.Member> member = staff.member(staffId).filter(StaffConfig.Member::active);
        String key = member.isPresent() ? "id:" + staffId : "station:" + station;
        long locked = guard.lockedFor(key);
        if (locked > 0) {
            refused.increment();
            return Future.failedFuture(
                    Problem.of(ErrorCode.STAFF_LOCKED, "too many wrong PINs; try again in " + locked + " s")
                            .withDetail("retryAfterSeconds", locked)
                            .asFailure());
        }
        return vertx.executeBlocking(
                        () -> PinHash.parse(member.map(StaffConfig.Member::pinHash)
                                                .orElseGet(() -> Dummy.HASH))
                                        .matches(pin)
                                && member.isPresent(),
                        false)
                .compose(ok -> {
                    if (!ok) {
                        refused.increment();
                        boolean nowLocked = guard.failed(key);
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("staffId", staffId);
                        d.put("reason", member.isPresent() ? "wrong PIN" : "unknown or inactive staff id");
                        if (nowLocked) {
                            d.put("lockedSeconds", PinGuard.LOCK.toSeconds());
                        }
                        audit.record(from, "STAFF_SIGN_IN_REFUSED", station, d);
                        return Future.failedFuture(Problem.of(ErrorCode.WRONG_PIN, "staff id or PIN is wrong")
                                .asFailure());
                    }
                    return writer.submit(context, true, (c, batch) -> signIn(c, batch, station, member.get(), from));
                });
    }

    private SignedIn signIn(Connection c, WriteBatch batch, String station, StaffConfig.Member m, String from)
            throws SQLException {
        Instant now = clock.instant();
        String here = at(c, station);
        if (m.id().equals(here)) {
            return read(c).get(station);
        }
        String elsewhere = H2StaffStore.stationOf(c, m.id());
        if (elsewhere != null) {
            signOut(c, batch, elsewhere, m.id(), from, now, "signed in at " + station);
        }
        if (here != null) {
            signOut(c, batch, station, here, from, now, m.id() + " signed in here");
        }
        H2StaffStore.signIn(c, station, m.id(), now);
        Audit.append(c, batch, now, "staff:" + m.id(), "STAFF_SIGN_IN", station, Map.of("by", m.id(), "from", from));
        Map<String, SignedIn> all = read(c);
        batch.publish(new Changed(all));
        return all.get(station);
    }

    private static void signOut(
            Connection c, WriteBatch batch, String station, String staffId, String from, Instant now, String why)
            throws SQLException {
        H2StaffStore.signOut(c, station);
        Audit.append(c, batch, now, from, "STAFF_SIGN_OUT", station, Map.of("by", staffId, "reason", why));
    }

    /** Signs out whoever is at the station; empty when nobody was. */
    public Future<Optional<SignedIn>> signOut(String station, String from) {
        if (!stations.contains(station)) {
            return Future.failedFuture(Problem.of(ErrorCode.UNKNOWN_STATION, "no station " + station)
                    .asFailure());
        }
        return writer.submit(context, true, (c, batch) -> {
            SignedIn was = read(c).get(station);
            if (was == null) {
                return Optional.<SignedIn>empty();
            }
            signOut(c, batch, station, was.staffId(), from, clock.instant(), "signed out");
            batch.publish(new Changed(read(c)));
            return Optional.of(was);
        });
    }

    /** Who is signed in where (reads on a worker). */
    public Future<Map<String, SignedIn>> all() {
        return vertx.executeBlocking(
                () -> {
                    try (Connection c = db.connection()) {
                        return read(c);
                    }
                },
                false);
    }

    /** Tells {@code listener} who is signed in now, and after every change. */
    public void watch(Consumer<Map<String, SignedIn>> listener) {
        writer.subscribe(
                Changed.class,
                list -> list.stream().reduce((a, b) -> b).ifPresent(ch -> listener.accept(ch.byStation())));
        all().onSuccess(listener::accept)
                .onFailure(e -> org.slf4j.LoggerFactory.getLogger(StationStaff.class)
                        .error(
                                "who is signed in could not be read; screens learn it at the next sign-in or sign-out [error: {}]",
                                e.toString()));
    }

    private Map<String, SignedIn> read(Connection c) throws SQLException {
        Map<String, SignedIn> out = new LinkedHashMap<>();
        for (H2StaffStore.Row r : H2StaffStore.all(c)) {
            out.put(
                    r.station(),
                    new SignedIn(
                            r.station(),
                            r.staffId(),
                            staff.member(r.staffId())
                                    .map(StaffConfig.Member::name)
                                    .orElse(r.staffId()),
                            r.since()));
        }
        return out;
    }

    /** Everyone signed in, for the screens. */
    public static List<Map<String, Object>> describe(Map<String, SignedIn> all) {
        return all.values().stream().map(SignedIn::describe).toList();
    }
}
