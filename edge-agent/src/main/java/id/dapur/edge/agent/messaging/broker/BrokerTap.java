package id.dapur.edge.agent.messaging.broker;

/**
 * A hook on what the embedded broker's clients do and are sent, for tools that run an agent to watch
 * a client (the POS sandbox). Called on the broker's context, so it must not block; the default
 * watches nothing and changes nothing. The agent's own clients are passed too (their user is
 * {@link EmbeddedBroker#AGENT_USER}): a tap ignores them as it sees fit.
 */
public interface BrokerTap {
    /** What becomes of a client's PUBLISH. */
    enum Verdict {
        /** Routed as usual. */
        ROUTE,
        /** Acknowledged to the client as usual (PUBACK, PUBREC) and routed to nobody: lost on the way in. */
        SWALLOW
    }

    BrokerTap NONE = new BrokerTap() {};

    /** Whether an MQTT filter matches a topic, as the broker routes ({@code +}, {@code #}, and {@code $} topics apart). */
    static boolean matches(String filter, String topic) {
        return TopicTree.matches(filter, topic);
    }

    /** A client's CONNECT passed; {@code sessionPresent} as CONNACK says it. */
    default void connected(String clientId, String user, boolean cleanSession, boolean sessionPresent) {}

    /** A client's connection ended; {@code graceful}: it sent DISCONNECT. */
    default void disconnected(String clientId, String user, boolean graceful) {}

    /** A PUBLISH the front door let in, before it is routed. */
    default Verdict published(String clientId, String user, Message message) {
        return Verdict.ROUTE;
    }

    /** A PUBLISH the front door refused ({@code why}); the client's connection is then closed. */
    default void refused(String clientId, String user, String topic, String why) {}

    /** A filter of a SUBSCRIBE, with the return code the SUBACK carries for it (0x80: refused). */
    default void subscribed(String clientId, String user, String filter, int returnCode) {}

    /** A message about to be routed to a client's session: false drops it for that client alone, as if lost on the way. */
    default boolean delivering(String clientId, String user, Message message) {
        return true;
    }
}
