package id.dapur.edge.cloud.update;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.config.MaintenanceConfig;
import id.dapur.edge.config.MaintenanceConfig.QuietWhen;
import id.dapur.edge.config.MaintenanceConfig.Window;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When an update may restart the agent: the outlet's update hours and a quiet kitchen, each way. */
class UpdateWindowTest {
    static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    static Instant at(String localTime) {
        return LocalTime.parse(localTime)
                .atDate(java.time.LocalDate.of(2026, 12, 7))
                .atZone(JAKARTA)
                .toInstant();
    }

    static UpdateWindow.NotNow check(MaintenanceConfig cfg, Instant now, Optional<Instant> newest, boolean busy)
            throws Exception {
        KitchenActivity kitchen = () -> Future.succeededFuture(new KitchenActivity.Activity(newest, busy));
        return new UpdateWindow(cfg, kitchen, Clock.fixed(now, ZoneOffset.UTC), JAKARTA)
                .whyNotNow()
                .toCompletionStage()
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    static MaintenanceConfig config(List<Window> hours, QuietWhen when) {
        return new MaintenanceConfig(hours, when, Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    @Test
    void onlyWithinTheUpdateHoursOfTheOutletsOwnTime() throws Exception {
        MaintenanceConfig cfg = config(
                List.of(
                        new Window(LocalTime.of(22, 0), LocalTime.of(6, 0)),
                        new Window(LocalTime.of(14, 30), LocalTime.of(16, 30))),
                QuietWhen.ALWAYS);
        for (String inside : List.of("22:00", "23:59", "00:00", "05:59", "14:30", "16:29")) {
            assertThat(check(cfg, at(inside), Optional.empty(), false))
                    .as(inside)
                    .isNull();
        }
        for (String outside : List.of("06:00", "12:00", "16:30", "21:59")) {
            UpdateWindow.NotNow why = check(cfg, at(outside), Optional.empty(), false);
            assertThat(why).as(outside).isNotNull();
            assertThat(why.code()).isEqualTo("OUTSIDE_UPDATE_HOURS");
            assertThat(why.reason()).contains("it is " + outside, "22:00-06:00", "14:30-16:30");
        }
        assertThat(check(config(List.of(), QuietWhen.ALWAYS), at("19:00"), Optional.empty(), true))
                .as("no update hours: any hour")
                .isNull();
    }

    @Test
    void noNewTicketsWaitsForTheNewestOpenTicketToAge() throws Exception {
        MaintenanceConfig cfg = config(List.of(), QuietWhen.NO_NEW_TICKETS);
        Instant now = at("19:30");
        UpdateWindow.NotNow why = check(cfg, now, Optional.of(now.minusSeconds(180)), false);
        assertThat(why.code()).isEqualTo("KITCHEN_BUSY");
        assertThat(why.reason()).contains("3 min old", "10 min");
        assertThat(check(cfg, now, Optional.of(now.minusSeconds(599)), false)).isNotNull();
        assertThat(check(cfg, now, Optional.of(now.minusSeconds(600)), true))
                .as("ten minutes old: quiet, whatever the load")
                .isNull();
        assertThat(check(cfg, now, Optional.empty(), false)).as("nothing open").isNull();
    }

    @Test
    void loadBelowBusyLooksAtTheLoadOnly() throws Exception {
        MaintenanceConfig cfg = config(List.of(), QuietWhen.LOAD_BELOW_BUSY);
        Instant now = at("19:30");
        assertThat(check(cfg, now, Optional.of(now), true).code()).isEqualTo("KITCHEN_BUSY");
        assertThat(check(cfg, now, Optional.of(now), false))
                .as("a new ticket, the load NORMAL")
                .isNull();
        assertThat(check(config(List.of(), QuietWhen.ALWAYS), now, Optional.of(now), true))
                .as("ALWAYS: the kitchen is not looked at")
                .isNull();
    }

    @Test
    void hoursComeFirst() throws Exception {
        MaintenanceConfig cfg =
                config(List.of(new Window(LocalTime.of(22, 0), LocalTime.of(6, 0))), QuietWhen.NO_NEW_TICKETS);
        Instant noon = at("12:00");
        assertThat(check(cfg, noon, Optional.of(noon), true).code()).isEqualTo("OUTSIDE_UPDATE_HOURS");
    }
}
