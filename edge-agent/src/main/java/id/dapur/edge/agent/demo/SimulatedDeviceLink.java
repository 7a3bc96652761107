package id.dapur.edge.agent.demo;

import id.dapur.edge.devices.sim.SimulatedMqttDevice;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Connects a {@link SimulatedMqttDevice} to a real broker with its own account, as the device would:
 * subscribes, publishes what it announces at connect, answers each message (from one thread of its
 * own: Paho may not publish from its callback). {@link #reboot()} disconnects and connects again.
 */
public final class SimulatedDeviceLink implements AutoCloseable {
    private final SimulatedMqttDevice device;
    private final MqttClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "simulated-device");
        t.setDaemon(true);
        return t;
    });

    private SimulatedDeviceLink(String url, String user, String password, String clientId, SimulatedMqttDevice device)
            throws MqttException {
        this.device = device;
        this.client = new MqttClient(url, clientId, new MemoryPersistence());
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // a test reboots it explicitly
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] payload = message.getPayload();
                answers.execute(() -> device.onMessage(topic, payload).forEach(SimulatedDeviceLink.this::publish));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // nothing to do
            }
        });
    }

    public static SimulatedDeviceLink connect(
            String url, String user, String password, String clientId, SimulatedMqttDevice device)
            throws MqttException {
        SimulatedDeviceLink link = new SimulatedDeviceLink(url, user, password, clientId, device);
        link.up();
        return link;
    }

    private void up() throws MqttException {
        client.connect(options);
        for (String s : device.subscriptions()) {
            client.subscribe(s, 1);
        }
        device.onConnect().forEach(this::publish);
    }

    private void publish(SimulatedMqttDevice.Publish p) {
        try {
            client.publish(p.topic(), p.payload(), 1, p.retained());
        } catch (MqttException e) {
            org.slf4j.LoggerFactory.getLogger(SimulatedDeviceLink.class)
                    .warn("simulated device could not publish [topic: {}, error: {}]", p.topic(), e.toString());
        }
    }

    /** Off and on again: the device connects anew and announces itself (after a factory reset, say). */
    public void reboot() throws MqttException {
        client.disconnect();
        up();
    }

    @Override
    public void close() throws MqttException {
        answers.shutdown();
        try {
            answers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
