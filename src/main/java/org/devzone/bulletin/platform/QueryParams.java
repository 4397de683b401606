package org.devzone.bulletin.platform;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Query parameters of one request, read with their checks; every problem becomes a field error, and
 * {@link #throwIfInvalid()} answers 400 with all of them at once.
 */
public final class QueryParams {

    private final Exchange exchange;
    private final List<FieldError> errors = new ArrayList<>();

    public QueryParams(Exchange exchange) {
        this.exchange = exchange;
    }

    /**
     * The trimmed value, or null when absent or blank. Over HTTP only the request's query string counts (Camel also
     * puts request headers and form fields among the message headers).
     */
    public String text(String name) {
        String value = HttpRequests.isHttp(exchange)
                ? HttpRequests.queryParameter(exchange, name)
                : exchange.getMessage().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public LocalDate date(String name, LocalDate defaultValue) {
        String text = text(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(name, "'" + text + "' 不是有效日期，格式为 YYYY-MM-DD");
            return defaultValue;
        }
    }

    public int number(String name, int defaultValue, int min, int max) {
        String text = text(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(name, "应为 " + min + " 到 " + max + " 之间的整数，实际是 '" + text + "'");
        return defaultValue;
    }

    public void error(String name, String message) {
        errors.add(new FieldError(name, message));
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** @throws ApiException 400 listing every problem found so far */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("查询参数有误", errors);
        }
    }
}
