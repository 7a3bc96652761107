package id.dapur.edge.cloud.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.List;

/**
 * What {@code dapur-edge cloud-check} found: each part of the cloud API it drove, with its status
 * and every deviation from {@code cloud-api.yaml} (the call, the status, what is wrong). {@code PASS}
 * when nothing failed; a WARN (allowed, but an agent fares worse with it) or a NOT_TESTED (the back
 * office had nothing queued to check it with) does not fail it.
 */
public record CheckReport(Verdict verdict, String url, Instant started, Instant at, List<Step> steps) {

    public enum Verdict {
        PASS,
        FAIL
    }

    public enum Status {
        PASS,
        WARN,
        NOT_TESTED,
        FAIL
    }

    public record Step(String name, String title, Status status, String detail, List<String> deviations) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static CheckReport of(String url, Instant started, Instant at, List<Step> steps) {
        boolean failed = steps.stream().anyMatch(s -> s.status() == Status.FAIL);
        return new CheckReport(failed ? Verdict.FAIL : Verdict.PASS, url, started, at, List.copyOf(steps));
    }

    /** 0 PASS, 1 FAIL. */
    public int exitCode() {
        return verdict == Verdict.PASS ? 0 : 1;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("cloud API check of ").append(url).append(": ").append(verdict).append('\n');
        for (Step s : steps) {
            b.append(String.format("  %-10s %-14s %s%n", s.status(), s.name(), s.title()));
            b.append("             ").append(s.detail()).append('\n');
            for (String d : s.deviations()) {
                b.append("               - ").append(d).append('\n');
            }
        }
        return b.toString();
    }
}
