package id.dapur.edge.agent.testsupport;

import id.dapur.edge.agent.orders.Order;
import id.dapur.edge.agent.orders.OrderParser;
import java.nio.charset.StandardCharsets;

/** Orders for tests, as a POS sends them. */
public final class Orders {
    private Orders() {}

    /** Lines: wok item (line 1), drink (line 2), and an unclaimed dessert (line 3, goes to the default station). */
    public static String json(String orderId) {
        return withDessertCourse(orderId, 1);
    }

    /** As {@link #json}, the dessert (line 3) served as course 2: held until course 1 is ready or expo fires it. */
    public static String withCourses(String orderId) {
        return withDessertCourse(orderId, 2);
    }

    private static String withDessertCourse(String orderId, int course) {
        return """
                {"orderId":"%s","source":"pos-1","channel":"DINE_IN","table":"7","placedAt":"2026-11-23T07:00:00Z",
                 "items":[{"lineId":"1","name":"Nasi Goreng","qty":2,"category":"wok","allergens":["egg"],
                           "modifiers":["extra pedas"],"note":"tanpa telur"},
                          {"lineId":"2","name":"Es Teh Manis","qty":1,"category":"drinks"},
                          {"lineId":"3","name":"Pisang Goreng","qty":1,"category":"dessert","course":%d}]}""".formatted(orderId, course);
    }

    public static byte[] bytes(String orderId) {
        return json(orderId).getBytes(StandardCharsets.UTF_8);
    }

    public static Order parsed(String orderId) {
        return OrderParser.parse(bytes(orderId));
    }
}
