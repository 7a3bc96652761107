package id.dapur.edge.cloud;

import id.dapur.edge.config.Secret;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the device its credential: the one in the {@link CredentialVault}, else by exchanging the
 * one-time provisioning code (retried with backoff while the cloud is unreachable; a refused code
 * — wrong or already used — is reported once and not retried until the agent restarts with
 * another). Also rotates the credential on command: the new one is stored before it is used.
 */
public final class Registration {
    private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

    /** Where registration stands, for the API and heartbeats. */
    public enum State {
        REGISTERING,
        REGISTERED,
        NOT_PROVISIONED,
        REFUSED
    }

    private final Vertx vertx;
    private final CloudClient client;
    private final CredentialVault vault;
    private final Secret code;
    private final Map<String, Object> device;
    private final Reachability reach;
    private volatile State state = State.REGISTERING;
    private volatile String deviceId;
    private volatile String problem;
    private volatile boolean stopped;
    private volatile long retry = -1;
    private volatile Promise<Credential> pending;

    public Registration(
            Vertx vertx,
            CloudClient client,
            CredentialVault vault,
            Secret code,
            Map<String, Object> device,
            Reachability reach) {
        this.vertx = vertx;
        this.client = client;
        this.vault = vault;
        this.code = code;
        this.device = Map.copyOf(device);
        this.reach = reach;
    }

    public State state() {
        return state;
    }

    public String deviceId() {
        return deviceId;
    }

    /** Why the device is not registered, if it is not. */
    public String problem() {
        return problem;
    }

    /** Completes once the client holds a credential; fails only if registration is refused or impossible. */
    public Future<Credential> ensure() {
        return vertx.executeBlocking(vault::load)
                .compose(
                        stored -> {
                            if (stored.isPresent()) {
                                use(stored.get());
                                return Future.succeededFuture(stored.get());
                            }
                            if (code == null) {
                                state = State.NOT_PROVISIONED;
                                problem = "no stored credential and no cloud.provisioningCode to register with";
                                LOG.error("cloud bridge off: {}", problem);
                                return Future.failedFuture(new CloudException(0, "NOT_PROVISIONED", problem, null));
                            }
                            Promise<Credential> p = Promise.promise();
                            pending = p;
                            attempt(p, 1);
                            return p.future();
                        },
                        e -> {
                            state = State.REFUSED;
                            problem = e.getMessage();
                            LOG.error(
                                    "cloud bridge off: the stored credential is unusable [error: {}]", e.getMessage());
                            return Future.failedFuture(e);
                        });
    }

    private void attempt(Promise<Credential> p, int n) {
        if (stopped) {
            p.tryFail(CloudException.network("registration stopped: the bridge is stopping"));
            return;
        }
        long t0 = System.nanoTime();
        client.register(code.reveal(), device)
                .compose(c -> vertx.executeBlocking(() -> {
                    vault.store(c);
                    return c;
                }))
                .onSuccess(c -> {
                    reach.succeeded(System.nanoTime() - t0);
                    LOG.info("device registered with the cloud [device: {}]", c.deviceId());
                    use(c);
                    p.tryComplete(c);
                })
                .onFailure(e -> {
                    if (e instanceof CloudException ce && !ce.retryable()) {
                        reach.failed(System.nanoTime() - t0, e, n);
                        state = State.REFUSED;
                        problem = ce.code() + ": " + ce.getMessage();
                        LOG.error(
                                "cloud refused the provisioning code; bridge off until restarted with another [code: {}]",
                                ce.code());
                        p.tryFail(e);
                        return;
                    }
                    Duration wait = reach.failed(System.nanoTime() - t0, e, n);
                    problem = e.toString();
                    if (stopped) {
                        p.tryFail(e);
                        return;
                    }
                    retry = vertx.setTimer(Math.max(10, wait.toMillis()), t -> attempt(p, n + 1));
                });
    }

    /** No more attempts: the retry waiting, if any, is cancelled (the bridge is stopping). */
    public void stop() {
        stopped = true;
        vertx.cancelTimer(retry);
        Promise<Credential> p = pending;
        if (p != null) {
            p.tryFail(CloudException.network("registration stopped: the bridge is stopping"));
        }
    }

    /** Asks the cloud for a new credential, stores it, then uses it. */
    public Future<Credential> rotate() {
        return client.rotateCredential()
                .compose(c -> vertx.executeBlocking(() -> {
                    vault.store(c);
                    return c;
                }))
                .onSuccess(c -> {
                    use(c);
                    LOG.info("device credential rotated [device: {}]", c.deviceId());
                });
    }

    private void use(Credential c) {
        client.credential(c);
        deviceId = c.deviceId();
        state = State.REGISTERED;
        problem = null;
    }
}
