package id.dapur.edge.cloud.update;

import java.io.IOException;

/** A release that may not be installed; the code travels to the cloud. */
final class Refusal extends IOException {
    final String code;

    Refusal(String code, String message) {
        super(message);
        this.code = code;
    }
}
