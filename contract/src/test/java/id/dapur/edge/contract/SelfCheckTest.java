package id.dapur.edge.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wiring of the self-check, failing on purpose: what drifts from its schema is caught and named. */
class SelfCheckTest {
    static final String TICKET = """
            {"ticketId": "POS1-7/wok", "orderId": "POS1-7", "station": "wok", "status": "NEW", "createdAt": "2026-12-06T10:00:00Z",
             "updatedAt": "2026-12-06T10:00:00Z", "channel": "DINE_IN", "items": [{"lineId": "1", "name": "Nasi Goreng", "qty": 2,
             "status": "NEW"}], "seq": 1, "version": 1}""";

    @BeforeEach
    void on() {
        SelfCheck.enable(true);
        SelfCheck.clear();
    }

    @AfterEach
    void off() {
        SelfCheck.clear();
        SelfCheck.enable(Boolean.getBoolean("dapur.contract.check"));
    }

    @Test
    void aTicketAsTheContractHasItPasses() {
        SelfCheck.mqtt("dapur/jkt-01/kds/wok/tickets", TICKET.getBytes(StandardCharsets.UTF_8));
        assertThat(SelfCheck.violations()).isEmpty();
    }

    @Test
    void aTicketThatDriftsFromItsSchemaIsCaughtAndTheFieldNamed() {
        String drifted = TICKET.replace("\"status\": \"NEW\", \"createdAt\"", "\"status\": \"COOKING\", \"createdAt\"")
                .replace("\"qty\": 2", "\"qty\": \"two\"");
        SelfCheck.mqtt("dapur/jkt-01/kds/wok/tickets", drifted.getBytes(StandardCharsets.UTF_8));
        assertThat(SelfCheck.violations())
                .singleElement()
                .asString()
                .contains("MQTT dapur/jkt-01/kds/wok/tickets")
                .contains("/status")
                .contains("/items/0/qty");
    }

    @Test
    void aTopicRouteOrStatusTheContractDoesNotNameIsAViolation() {
        SelfCheck.mqtt("dapur/jkt-01/kitchen/gossip", "{}".getBytes(StandardCharsets.UTF_8));
        SelfCheck.http("GET", "/api/v1/secret-route", 200, "application/json", "{}");
        SelfCheck.http("POST", "/api/v1/orders", 418, "application/json", "{}");
        assertThat(SelfCheck.violations()).hasSize(3);
        assertThat(SelfCheck.violations().get(0)).contains("no channel");
        assertThat(SelfCheck.violations().get(1)).contains("no operation");
        assertThat(SelfCheck.violations().get(2)).contains("no response 418");
    }

    @Test
    void anErrorAnswerWithACodeOutsideTheListIsCaught() {
        SelfCheck.http(
                "GET",
                "/api/v1/orders/X-1",
                404,
                "application/json",
                "{\"error\": {\"code\": \"UNKNOWN_ORDER\", \"message\": \"no order X-1\"}}");
        assertThat(SelfCheck.violations()).isEmpty();
        SelfCheck.http(
                "GET",
                "/api/v1/orders/X-1",
                404,
                "application/json",
                "{\"error\": {\"code\": \"NO_SUCH_THING\", \"message\": \"?\"}}");
        assertThat(SelfCheck.violations()).singleElement().asString().contains("/error/code");
    }

    @Test
    void aCloudEventOfATypeTheCloudApiDoesNotNameOrWithTheWrongPayloadIsCaught() {
        String ok =
                "{\"batchId\": \"b\", \"events\": [{\"key\": \"i:1\", \"stream\": \"orders\", \"seq\": 1, \"type\": \"ORDER_EVENT\","
                        + " \"at\": \"2026-12-06T10:00:00Z\", \"payload\": {\"orderId\": \"A\", \"event\": \"ACCEPTED\", \"at\": \"2026-12-06T10:00:00Z\"}}]}";
        SelfCheck.cloud("POST", "/api/v1/outlets/jkt-01/events", ok);
        assertThat(SelfCheck.violations()).isEmpty();
        SelfCheck.cloud("POST", "/api/v1/outlets/jkt-01/events", ok.replace("ORDER_EVENT", "ORDER_GOSSIP"));
        SelfCheck.cloud(
                "POST", "/api/v1/outlets/jkt-01/events", ok.replace("\"event\": \"ACCEPTED\"", "\"event\": \"MAYBE\""));
        assertThat(SelfCheck.violations()).hasSize(2);
        assertThat(SelfCheck.violations().get(0)).contains("/events/0/type");
        assertThat(SelfCheck.violations().get(1)).contains("/events/0/payload/event");
    }

    @Test
    void offItChecksNothing() {
        SelfCheck.enable(false);
        SelfCheck.mqtt("dapur/jkt-01/kitchen/gossip", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(SelfCheck.violations()).isEmpty();
    }
}
