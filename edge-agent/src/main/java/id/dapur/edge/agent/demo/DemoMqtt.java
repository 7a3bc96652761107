package id.dapur.edge.agent.demo;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** How the demo's simulated POS and cooks log in to the broker, like real terminals and screens. */
final class DemoMqtt {
    private DemoMqtt() {}

    static MqttAsyncClient connect(String brokerUrl, String clientId, String user, String password)
            throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        o.setAutomaticReconnect(true);
        o.setCleanSession(true);
        client.connect(o).waitForCompletion(10_000);
        return client;
    }
}
