package id.dapur.edge.agent.kitchen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TicketIdTest {
    @Test
    void readsWhatItWrites() {
        TicketId id = new TicketId("T-1001", "kitchen");
        assertThat(id).hasToString("T-1001/kitchen");
        assertThat(TicketId.parse("T-1001/kitchen")).contains(id);
        assertThat(Ticket.idOf("T-1001", "bar")).isEqualTo("T-1001/bar");
    }

    @Test
    void refusesWhatIsNotATicketId() {
        assertThat(TicketId.parse(null)).isEmpty();
        assertThat(TicketId.parse("T-1001")).isEmpty();
        assertThat(TicketId.parse("/kitchen")).isEmpty();
        assertThat(TicketId.parse("T-1001/")).isEmpty();
        assertThat(TicketId.parse("T 1001/kitchen"))
                .as("an order id the contract does not allow")
                .isEmpty();
        assertThatThrownBy(() -> new TicketId("T-1", "a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
