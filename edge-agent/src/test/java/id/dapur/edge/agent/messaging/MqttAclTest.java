package id.dapur.edge.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import id.dapur.edge.config.ConfigLoader;
import id.dapur.edge.config.DapurConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttAclTest {
    @TempDir
    Path dir;

    DapurConfig config() throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                outlet: { id: jkt-01, tenant: t }
                mqtt:
                  accounts:
                    - { username: pos-1, password: "pos-secret-1", role: pos }
                    - { username: kds-wok, password: "kds-secret-1", role: kds, station: wok }
                    - { username: sensor-1, password: "sensor-secret", role: sensor }
                    - { username: ops, password: "ops-secret-1", role: admin }
                stations: [ { id: wok, categories: [wok] }, { id: bar, categories: [drinks] } ]
                sensors:
                  - { id: f1, equipment: freezer, format: tasmota, topic: "tele/freezer1/SENSOR" }
                  - { id: f2, equipment: freezer, format: tasmota, topic: "tele/freezer2/SENSOR", firmware: { settings: { TelePeriod: 60 } } }
                """);
        return new ConfigLoader(Map.of()).load(f);
    }

    @Test
    void aCloudPrntPrinterReadsAndWritesOnlyItsOwnStarTopics() throws Exception {
        Path f = dir.resolve("p.yaml");
        Files.writeString(f, """
                outlet: { id: jkt-01, tenant: t }
                mqtt:
                  accounts:
                    - { username: pos-1, password: "pos-secret-1", role: pos }
                stations: [ { id: wok, categories: [wok] } ]
                printers:
                  - { id: bar, connection: "cloudprnt://00:11:62:0a:0b:0c", model: star-tsp100, password: "Kq7vZ2pX9mLw4Rt8", mqtt: true }
                  - { id: pass, connection: "cloudprnt://00:11:62:0a:0b:0d", model: star-prnt, password: "Kq7vZ2pX9mLw4Rt9" }
                """);
        DapurConfig c = new ConfigLoader(Map.of()).load(f);
        MqttAcl acl = new MqttAcl(c, "agent");
        // the same account and rules for Mosquitto
        assertThat(MosquittoFiles.passwordFile(c)).contains("bar:$7$101$").doesNotContain("Kq7vZ2pX9mLw4Rt8");
        assertThat(MosquittoFiles.aclFile(c))
                .contains("user bar\ntopic read star/cloudprnt/to-device/00:11:62:0a:0b:0c/#\n"
                        + "topic write star/cloudprnt/to-server/00:11:62:0a:0b:0c/#\n");
        assertThat(acl.canRead("bar", "star/cloudprnt/to-device/00:11:62:0a:0b:0c/#"))
                .isTrue();
        assertThat(acl.canWrite("bar", "star/cloudprnt/to-server/00:11:62:0a:0b:0c/client-status"))
                .isTrue();
        assertThat(acl.canWrite("bar", "star/cloudprnt/to-device/00:11:62:0a:0b:0c/request-post"))
                .as("only the agent tells a printer")
                .isFalse();
        assertThat(acl.canRead("bar", "star/cloudprnt/to-device/00:11:62:0a:0b:0d/#"))
                .as("another printer's")
                .isFalse();
        assertThat(acl.canWrite("bar", "star/cloudprnt/to-server/00:11:62:0a:0b:0d/print-result"))
                .isFalse();
        assertThat(acl.canRead("bar", "star/cloudprnt/#")).isFalse();
        assertThat(acl.canWrite("bar", "dapur/jkt-01/orders/in")).isFalse();
        assertThat(acl.canRead("bar", "dapur/jkt-01/#")).isFalse();
        assertThat(acl.rulesByUser())
                .as("a printer without mqtt: true has no account")
                .doesNotContainKey("pass");
        assertThat(acl.owns("bar", "00:11:62:0a:0b:0c"))
                .as("a Star printer connects with its MAC")
                .isTrue();
        assertThat(acl.owns("bar", "bar")).isTrue();
        assertThat(acl.owns("bar", "00:11:62:0a:0b:0d")).isFalse();
        assertThat(acl.owns("pos-1", "00:11:62:0a:0b:0c")).isFalse();
        assertThat(acl.canRead("agent", "star/cloudprnt/to-server/+/+")).isTrue();
    }

    @Test
    void rolesGetExactlyTheirTopics() throws Exception {
        MqttAcl acl = new MqttAcl(config(), "agent");
        assertThat(acl.canWrite("pos-1", "dapur/jkt-01/orders/in")).isTrue();
        assertThat(acl.canWrite("pos-1", "dapur/jkt-01/kds/wok/actions")).isFalse();
        assertThat(acl.canRead("pos-1", "dapur/jkt-01/orders/+/events")).isTrue();
        assertThat(acl.canRead("pos-1", "dapur/jkt-01/#")).isFalse();
        // the 86 board and the kitchen load are read by POS terminals; only screens (and admin) change the board
        assertThat(acl.canRead("pos-1", "dapur/jkt-01/menu/availability")).isTrue();
        assertThat(acl.canRead("pos-1", "dapur/jkt-01/kitchen/load")).isTrue();
        assertThat(acl.canWrite("pos-1", "dapur/jkt-01/menu/availability/set")).isFalse();
        assertThat(acl.canWrite("kds-wok", "dapur/jkt-01/menu/availability/set"))
                .isTrue();
        assertThat(acl.canWrite("kds-wok", "dapur/jkt-01/menu/availability"))
                .as("the retained list is the agent's")
                .isFalse();
        assertThat(acl.canWrite("kds-wok", "dapur/jkt-01/kds/wok/shown")).isTrue();
        assertThat(acl.canWrite("kds-wok", "dapur/jkt-01/kds/bar/shown")).isFalse();

        assertThat(acl.canWrite("kds-wok", "dapur/jkt-01/kds/wok/actions")).isTrue();
        assertThat(acl.canWrite("kds-wok", "dapur/jkt-01/kds/bar/actions")).isFalse();
        assertThat(acl.canWrite("kds-wok", "dapur/jkt-01/orders/in")).isFalse();
        assertThat(acl.canRead("kds-wok", "dapur/jkt-01/kds/+/tickets")).isTrue();
        assertThat(acl.canRead("kds-wok", "dapur/jkt-01/kds/bar/tickets")).isTrue();

        assertThat(acl.canWrite("sensor-1", "dapur/jkt-01/sensors/fridge-1")).isTrue();
        assertThat(acl.canWrite("sensor-1", "tele/freezer1/SENSOR")).isTrue();
        assertThat(acl.canWrite("sensor-1", "dapur/jkt-01/orders/in")).isFalse();
        assertThat(acl.canWrite("sensor-1", "dapur/jkt-02/sensors/x")).isFalse();

        assertThat(acl.canWrite("ops", "dapur/jkt-01/orders/in")).isTrue();
        assertThat(acl.canRead("agent", "#")).isTrue();
        assertThat(acl.canWrite("stranger", "dapur/jkt-01/orders/in")).isFalse();
        assertThat(acl.canWrite(null, "dapur/jkt-01/orders/in")).isFalse();
    }

    @Test
    void wildcardsInAPublishTopicNeverMatch() {
        assertThat(MqttAcl.matches("dapur/x/sensors/#", "dapur/x/sensors/+")).isFalse();
        assertThat(MqttAcl.covers("dapur/x/+/tickets", "dapur/x/+/tickets")).isTrue();
        assertThat(MqttAcl.covers("dapur/x/wok/tickets", "dapur/x/+/tickets")).isFalse();
        assertThat(MqttAcl.covers("dapur/x/#", "dapur/x")).isTrue(); // MQTT: a/# matches a
        assertThat(MqttAcl.covers("dapur/x/#", "dapur/y/z")).isFalse();
    }

    @Test
    void mosquittoFilesHashPasswordsAndListEveryRule() throws Exception {
        DapurConfig c = config();
        String passwd = MosquittoFiles.passwordFile(c);
        assertThat(passwd).contains("pos-1:$7$101$").doesNotContain("pos-secret-1");
        assertThat(MosquittoFiles.aclFile(c)).contains("user kds-wok\ntopic write dapur/jkt-01/kds/wok/actions\n");
    }

    @Test
    void anAccountOwnsOnlyItsOwnClientIdsAndNeverTheAgents() {
        assertThat(MqttAcl.ownsClientId("pos-1", "pos-1")).isTrue();
        assertThat(MqttAcl.ownsClientId("pos-1", "pos-1-sub")).isTrue();
        assertThat(MqttAcl.ownsClientId("pos-1", "pos-1:till-2")).isTrue();
        assertThat(MqttAcl.ownsClientId("pos-1", "pos-10"))
                .as("another account's prefix")
                .isFalse();
        assertThat(MqttAcl.ownsClientId("sensor-1", "kds-wok")).isFalse();
        assertThat(MqttAcl.ownsClientId("sensor-1", "dapur-jkt-01-sub")).isFalse();
        assertThat(MqttAcl.ownsClientId("pos-1", "pos-1-"))
                .as("nothing after the separator")
                .isFalse();
        assertThat(MqttAcl.ownsClientId("pos-1", "")).isFalse();
        assertThat(MqttAcl.ownsClientId(null, "pos-1")).isFalse();
    }

    @Test
    void onlySensorsAndAdminsMayRetain() throws Exception {
        MqttAcl acl = new MqttAcl(config(), "agent");
        assertThat(acl.canRetain("sensor-1", "dapur/jkt-01/sensors/fridge-1")).isTrue();
        assertThat(acl.canRetain("pos-1", "dapur/jkt-01/orders/in")).isFalse();
        assertThat(acl.canRetain("kds-wok", "dapur/jkt-01/kds/wok/actions")).isFalse();
        assertThat(acl.canRetain("sensor-1", "dapur/jkt-01/orders/in"))
                .as("not writable at all")
                .isFalse();
    }

    @Test
    void sensorsWhoseFirmwareTheAgentManagesTakeTheirCommandsAndAnswer() throws Exception {
        DapurConfig c = config();
        MqttAcl acl = new MqttAcl(c, "agent");
        assertThat(acl.canRead("sensor-1", "cmnd/freezer2/+")).isTrue();
        assertThat(acl.canWrite("sensor-1", "stat/freezer2/RESULT")).isTrue();
        assertThat(acl.canRead("sensor-1", "cmnd/freezer1/+"))
                .as("not managed: no commands")
                .isFalse();
        assertThat(acl.canWrite("pos-1", "cmnd/freezer2/TelePeriod"))
                .as("only the agent sends commands")
                .isFalse();
        assertThat(acl.canWrite("sensor-1", "cmnd/freezer2/TelePeriod")).isFalse();
        assertThat(acl.canWrite("agent", "cmnd/freezer2/TelePeriod")).isTrue();
        assertThat(MosquittoFiles.aclFile(c)).contains("topic read cmnd/freezer2/#");
    }
}
