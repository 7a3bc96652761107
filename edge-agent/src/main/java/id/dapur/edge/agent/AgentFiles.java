package id.dapur.edge.agent;

import id.dapur.edge.agent.printing.PrintIntents;
import id.dapur.edge.agent.printing.Templates;
import id.dapur.edge.agent.security.OutletCertificate;
import id.dapur.edge.agent.security.SecureFiles;
import id.dapur.edge.agent.signals.SignalsService;
import id.dapur.edge.agent.storage.Database;
import id.dapur.edge.config.DapurConfig;
import id.dapur.edge.devices.gpio.GpioBoard;
import io.vertx.core.net.KeyCertOptions;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the agent opens from files before any service is built (blocking): its database, print intents, templates, GPIO. */
record AgentFiles(Database db, PrintIntents intents, Templates templates, GpioBoard gpio) {
    private static final Logger LOG = LoggerFactory.getLogger(AgentFiles.class);

    /**
     * The outlet certificate, made or loaded before the database is opened (so /health is served over
     * TLS even when the database will not open); null when no listener uses TLS.
     */
    static KeyCertOptions certificate(DapurConfig config) throws Exception {
        SecureFiles.createPrivateDirectories(config.storage().dir());
        if (config.http().tlsPort() == null
                && !(config.mqtt().isEmbedded() && config.mqtt().embedded().tlsPort() != null)) {
            return null;
        }
        OutletCertificate cert = OutletCertificate.loadOrCreate(
                config.tls(), config.storage().dir(), config.outlet().id());
        LOG.info("TLS on [certificate SHA-256: {}]", cert.fingerprint());
        return cert.keyCertOptions();
    }

    /** Opens the files; what was opened is closed again if a later one fails. */
    static AgentFiles open(AgentOptions options) throws Exception {
        DapurConfig config = options.config();
        Database db = Database.open(config.storage().dir(), options.startFresh());
        try {
            SecureFiles.restrict(config.storage().dir());
            return new AgentFiles(
                    db,
                    PrintIntents.open(config.storage().dir()),
                    new Templates(config, options.clock(), ZoneId.systemDefault()),
                    SignalsService.openGpio(config));
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }
}
