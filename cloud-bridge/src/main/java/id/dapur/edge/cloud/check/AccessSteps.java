package id.dapur.edge.cloud.check;

import static id.dapur.edge.cloud.check.CheckRun.CALL;

import id.dapur.edge.cloud.CloudException;
import id.dapur.edge.cloud.Credential;
import id.dapur.edge.cloud.HttpCloudClient;
import id.dapur.edge.cloud.check.CheckReport.Status;
import id.dapur.edge.cloud.check.CheckRun.Result;
import id.dapur.edge.cloud.check.CloudCheck.CannotCheck;
import id.dapur.edge.config.CloudConfig;
import id.dapur.edge.contract.CloudCalls;
import id.dapur.edge.contract.Contract;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The check's steps about access: registration with a one-time code, authentication, credential rotation. */
final class AccessSteps {
    private final CheckRun ctx;

    AccessSteps(CheckRun ctx) {
        this.ctx = ctx;
    }

    void register() throws CannotCheck {
        ctx.begin();
        if (ctx.settings.code() == null) {
            ctx.current = new Credential(ctx.settings.deviceId(), ctx.settings.credential());
            ctx.client.credential(ctx.current);
            ctx.end(
                    "register",
                    "registration with a one-time provisioning code",
                    Status.NOT_TESTED,
                    "not tried: the check ran on the credential given (--code checks registration)");
            return;
        }
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("outletId", ctx.settings.outletId());
        device.put("tenant", "cloud-check");
        device.put("agentVersion", "cloud-check");
        device.put("contractVersion", Contract.get().version());
        List<String> wrong = new ArrayList<>();
        Result<Credential> bogus = ctx.call(ctx.client.register("cloud-check-not-a-code-" + UUID.randomUUID(), device));
        if (bogus.unreachable()) {
            throw new CannotCheck("cannot reach the back office at " + ctx.base + ": "
                    + bogus.error().getMessage());
        }
        if (bogus.ok()) {
            wrong.add(
                    "a made-up provisioning code was taken and a credential issued: any device could join this back office");
        } else if (bogus.error().status() != 401) {
            ctx.deviate("a made-up provisioning code got " + bogus.error() + "; the contract says 401");
        }
        Result<Credential> real = ctx.call(ctx.client.register(ctx.settings.code(), device));
        if (!real.ok()) {
            CloudException e = real.error();
            if (e.status() / 100 == 2
                    || e.code().startsWith("INVALID_ANSWER")
                    || e.code().equals("ANSWER_TOO_LARGE")) {
                throw new CannotCheck(ctx.base + " does not answer registration as the cloud API says (" + e
                        + "): is it a Dapur Edge back" + " office, and is /api (or its prefix) part of the URL?");
            }
            throw new CannotCheck("the back office refused the provisioning code (" + e
                    + "): ask it for a new code for outlet " + ctx.settings.outletId());
        }
        ctx.current = real.value();
        ctx.client.credential(ctx.current);
        Result<Credential> again = ctx.call(ctx.client.register(ctx.settings.code(), device));
        if (again.ok()) {
            wrong.add(
                    "the provisioning code worked a second time; a code is spent once a device has registered with it");
        } else if (again.error().status() != 409) {
            ctx.deviate("the spent provisioning code got " + again.error() + "; the contract says 409");
        }
        ctx.end(
                "register",
                "registration with a one-time provisioning code",
                wrong,
                "a made-up code refused, the real one exchanged for device "
                        + real.value().deviceId() + " once, then refused as spent");
    }

    void authentication() {
        ctx.begin();
        WebClient raw = WebClient.create(ctx.vertx, ctx.webOptions());
        List<String> wrong = new ArrayList<>();
        try {
            String path = ctx.base + "/v1/outlets/" + ctx.settings.outletId() + "/config";
            for (String token : new String[] {null, "cloud-check-not-a-credential-" + UUID.randomUUID()}) {
                var req = raw.getAbs(path).timeout(CALL.toMillis());
                if (token != null) {
                    req.putHeader("Authorization", "Bearer " + token);
                }
                Result<HttpResponse<Buffer>> r = ctx.call(req.send());
                String what = token == null ? "no credential" : "a made-up credential";
                if (!r.ok()) {
                    wrong.add("with " + what + " no answer came: " + r.error().getMessage());
                    continue;
                }
                HttpResponse<Buffer> a = r.value();
                if (a.statusCode() / 100 == 2 || a.statusCode() == 304) {
                    wrong.add("with " + what + " the configuration was served (" + a.statusCode()
                            + "): every call but registration needs the device credential");
                } else {
                    for (String p : CloudCalls.answer(
                            "GET", path, a.statusCode(), a.getHeader("Content-Type"), a.bodyAsString())) {
                        ctx.deviate("GET /v1/outlets/{outletId}/config with " + what + " answered " + a.statusCode()
                                + ": " + p);
                    }
                    if (a.statusCode() != 401) {
                        ctx.deviate("with " + what + " the answer was " + a.statusCode() + "; the contract says 401");
                    }
                }
            }
        } finally {
            raw.close();
        }
        ctx.end(
                "authentication",
                "every call but registration needs the device credential",
                wrong,
                "no credential and a made-up one both refused with 401");
    }

    void rotation() {
        ctx.begin();
        String title = "credential rotation: the new one works, the old one stops";
        if (ctx.settings.code() == null) {
            ctx.end(
                    "credential",
                    title,
                    Status.NOT_TESTED,
                    "not tried: rotating the credential given would revoke it (--code checks rotation"
                            + " on a device of the check's own)");
            return;
        }
        List<String> wrong = new ArrayList<>();
        Credential before = ctx.current;
        Result<Credential> fresh = ctx.call(ctx.client.rotateCredential());
        if (!fresh.ok()) {
            ctx.end("credential", title, List.of("rotation refused: " + fresh.error()), "");
            return;
        }
        ctx.current = fresh.value();
        ctx.client.credential(ctx.current);
        Result<Map<String, Object>> withNew = ctx.call(ctx.client.heartbeat(ctx.heartbeatBody()));
        if (!withNew.ok()) {
            wrong.add("the new credential does not work: " + withNew.error());
        }
        // the old one: a client of its own, so the check's client keeps the new credential
        HttpCloudClient old = new HttpCloudClient(
                ctx.vertx, CloudConfig.defaults(ctx.settings.url(), ctx.settings.caFile()), ctx.settings.outletId());
        try {
            old.credential(before);
            Result<Map<String, Object>> withOld = ctx.call(old.heartbeat(ctx.heartbeatBody()));
            if (withOld.ok()) {
                wrong.add(
                        "the old credential still works after the new one was used: a leaked credential could not be revoked");
            } else if (withOld.error().status() != 401) {
                ctx.deviate("the old credential got " + withOld.error() + "; the contract says 401");
            }
        } finally {
            old.close();
        }
        ctx.end("credential", title, wrong, "a new credential issued and used; the old one refused with 401");
    }
}
