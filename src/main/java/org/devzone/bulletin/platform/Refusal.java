package org.devzone.bulletin.platform;

import java.util.List;

/**
 * A request the dispatcher will not carry out, in the words of the person who made it: what they asked for does not
 * exist, conflicts with where things stand, or is invalid field by field. The features throw it without knowing how
 * they were reached; each edge says it in its own way (HTTP: problem+json with 404, 409 or 400; mail: a reply; JMS: a
 * reason on the invalid-notices queue).
 */
public final class Refusal extends RuntimeException {

    /** What kind of refusal. */
    public enum Kind {
        NOT_FOUND,
        CONFLICT,
        INVALID
    }

    private final Kind kind;
    private final String title;
    private final List<FieldError> errors;

    private Refusal(Kind kind, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.kind = kind;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** What was asked for does not exist. */
    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, "未找到", detail, List.of());
    }

    /** What was asked for conflicts with where things stand (a notice a bulletin took cannot be withdrawn). */
    public static Refusal conflict(String detail) {
        return new Refusal(Kind.CONFLICT, "当前状态不允许此操作", detail, List.of());
    }

    /** What was sent is invalid: every problem found, field by field. */
    public static Refusal invalid(String title, List<FieldError> errors) {
        return new Refusal(Kind.INVALID, title, "请求有 " + errors.size() + " 处问题，请逐项修改后重新提交。", errors);
    }

    public Kind kind() {
        return kind;
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
