package org.devzone.bulletin.platform;

import java.util.List;

/**
 * A request the API refuses, carrying everything an RFC 9457 problem document needs. Thrown by the features, turned
 * into {@code application/problem+json} by the REST route configuration.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private long retryAfterSeconds;

    public ApiException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "未找到", detail, List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "当前状态不允许此操作", detail, List.of());
    }

    public static ApiException badRequest(String title, List<FieldError> errors) {
        return new ApiException(400, "invalid-request", title, "请求有 " + errors.size() + " 处问题，请逐项修改后重新提交。", errors);
    }

    /** How HTTP says a refusal: 404, 409 or 400 with the field errors. */
    public static ApiException of(Refusal refusal) {
        int status = switch (refusal.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
        };
        String type = switch (refusal.kind()) {
            case NOT_FOUND -> "not-found";
            case CONFLICT -> "conflict";
            case INVALID -> "invalid-request";
        };
        return new ApiException(status, type, refusal.title(), refusal.detail(), refusal.errors());
    }

    /** This problem with a {@code Retry-After} of so many seconds (a 429 or 503 says when to come back). */
    public ApiException retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** Seconds for {@code Retry-After}, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }
}
