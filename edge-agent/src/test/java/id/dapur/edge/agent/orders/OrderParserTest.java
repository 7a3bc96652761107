package id.dapur.edge.agent.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dapur.edge.agent.support.Json;
import id.dapur.edge.agent.support.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderParserTest {
    static final String VALID = """
            {"orderId":"POS1-000123","source":"pos-1","channel":"DINE_IN","table":"12",
             "placedAt":"2026-11-23T07:00:00Z","loyaltyId":"ignored-unknown-field",
             "items":[{"lineId":"1","sku":"NG-01","name":"Nasi Goreng","qty":2,"category":"wok",
                       "modifiers":["extra pedas"],"note":"tanpa telur","allergens":["egg"],"course":1},
                      {"lineId":"2","name":"Es Teh","qty":1,"category":"drinks"}]}""";

    static Problem problemOf(String json) {
        return problemOf(json.getBytes(StandardCharsets.UTF_8));
    }

    static Problem problemOf(byte[] bytes) {
        try {
            OrderParser.parse(bytes);
        } catch (Problem.Failure f) {
            return f.problem();
        }
        throw new AssertionError("expected a rejection");
    }

    @Test
    void parsesTheContractExampleAndToleratesUnknownFields() {
        Order o = OrderParser.parse(VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(o.orderId()).isEqualTo("POS1-000123");
        assertThat(o.channel()).isEqualTo(Channel.DINE_IN);
        assertThat(o.placedAt()).isEqualTo(Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(o.items()).hasSize(2);
        assertThat(o.items().get(0).modifiers()).containsExactly("extra pedas");
        assertThat(o.items().get(1).course()).isEqualTo(1);
        assertThat(o.items().get(1).allergens()).isEmpty();
        assertThat(o.body().get("loyaltyId").asText()).isEqualTo("ignored-unknown-field");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"GRABFOOD", "GOFOOD", "SHOPEEFOOD"})
    void deliveryPlatformsAreChannels(String platform) {
        Order o = OrderParser.parse(
                VALID.replace("\"DINE_IN\"", "\"" + platform + "\"").getBytes(StandardCharsets.UTF_8));
        assertThat(o.channel().name()).isEqualTo(platform);
        assertThat(o.channel().platform()).isTrue();
        assertThat(Channel.DINE_IN.platform()).isFalse();
    }

    @Test
    void anUnknownChannelIsRefusedNamingEveryChannel() {
        Problem p = problemOf(VALID.replace("\"DINE_IN\"", "\"FOODPANDA\""));
        assertThat(p.details()).containsEntry("field", "channel");
        assertThat(p.message()).contains("GRABFOOD, GOFOOD, SHOPEEFOOD");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad orderId          | \"orderId\":\"POS1-000123\"  | \"orderId\":\"POS 1/23\"   | orderId",
                "long orderId         | \"orderId\":\"POS1-000123\"  | \"orderId\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\" | orderId",
                "missing source       | \"source\":\"pos-1\",        | ''                         | source",
                "bad channel          | \"DINE_IN\"                  | \"DRIVE_THRU\"             | channel",
                "bad placedAt         | \"2026-11-23T07:00:00Z\"     | \"yesterday\"              | placedAt",
                "qty zero             | \"qty\":2                    | \"qty\":0                  | items[0].qty",
                "qty too big          | \"qty\":2                    | \"qty\":1000               | items[0].qty",
                "qty fraction         | \"qty\":2                    | \"qty\":1.5                | items[0].qty",
                "qty as text          | \"qty\":2                    | \"qty\":\"2\"              | items[0].qty",
                "duplicate lineId     | \"lineId\":\"2\"             | \"lineId\":\"1\"           | items[1].lineId",
                "missing name         | \"name\":\"Es Teh\",         | ''                         | items[1].name",
                "missing category     | ,\"category\":\"drinks\"     | ''                         | items[1].category",
                "course out of range  | \"course\":1                 | \"course\":10              | items[0].course",
                "modifier not text    | [\"extra pedas\"]            | [42]                       | items[0].modifiers[0]",
                "price not a number   | \"course\":1                 | \"course\":1,\"price\":\"abc\" | items[0].price",
                "price negative       | \"course\":1                 | \"course\":1,\"price\":-5     | items[0].price",
                "price 3 decimals     | \"course\":1                 | \"course\":1,\"price\":1.005  | items[0].price"
            })
    void rejectsEachKindOfBadOrderNamingTheField(String name, String from, String to, String field) {
        Problem p = problemOf(VALID.replace(from, to));
        assertThat(p.code()).isEqualTo("INVALID_ORDER");
        assertThat(p.details()).containsEntry("field", field);
        assertThat(p.message()).startsWith(field + " ");
    }

    @Test
    void rejectsNoItemsAndTooManyItems() {
        assertThat(problemOf(VALID.replaceAll("(?s)\"items\":\\[.*]}", "\"items\":[]}"))
                        .details())
                .containsEntry("field", "items");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 201; i++) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"lineId\":\"")
                    .append(i)
                    .append("\",\"name\":\"x\",\"qty\":1,\"category\":\"wok\"}");
        }
        Problem p = problemOf(VALID.replaceAll("(?s)\"items\":\\[.*]}", "\"items\":[" + items + "]}"));
        assertThat(p.message()).contains("201 lines");
    }

    @Test
    void rejectsPayloadsThatAreNotJsonNotUtf8OrTooLarge() {
        assertThat(problemOf("not json at all").code()).isEqualTo("INVALID_JSON");
        assertThat(problemOf("[1,2,3]").code()).isEqualTo("INVALID_JSON");
        assertThat(problemOf(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}).code())
                .isEqualTo("NOT_UTF8");
        byte[] big = new byte[256 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        assertThat(problemOf(big).code()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void orderIdIsReadableFromARejectedPayloadWhenValid() {
        assertThat(OrderParser.orderIdOrNull(Json.tree("{\"orderId\":\"A-1\",\"qty\":0}")))
                .isEqualTo("A-1");
        assertThat(OrderParser.orderIdOrNull(Json.tree("{\"orderId\":\"bad id\"}")))
                .isNull();
    }

    @Test
    void voidRequestsNeedAReasonAndValidLineIds() {
        assertThatThrownBy(() -> VoidRequest.parse(Json.tree("{\"orderId\":\"A-1\"}")))
                .hasMessageContaining("reason is required");
        assertThatThrownBy(() -> VoidRequest.parse(Json.tree("{\"orderId\":\"A-1\",\"reason\":\"x\",\"lineIds\":[]}")))
                .hasMessageContaining("lineIds");
        VoidRequest v = VoidRequest.parse(
                Json.tree("{\"orderId\":\"A-1\",\"reason\":\"guest left\",\"lineIds\":[\"2\",\"2\"]}"));
        assertThat(v.lineIds()).containsExactly("2");
        assertThat(v.wholeOrder()).isFalse();
    }
}
