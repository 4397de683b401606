package org.devzone.bulletin.cadence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.HttpReply;

/** {@code GET /api/schedule?from=&to=}: the preview as JSON rows; four weeks from today by default. */
public final class ScheduleApi {

    private final Planner planner;
    private final Clock clock;
    private final ObjectMapper mapper;

    public ScheduleApi(Planner planner, Clock clock, ObjectMapper mapper) {
        this.planner = planner;
        this.clock = clock;
        this.mapper = mapper;
    }

    public void preview(Exchange exchange) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(planner.schedule().timeZone()));
        LocalDate from = date(exchange, "from", today, errors);
        LocalDate to = date(exchange, "to", from.plusWeeks(4).minusDays(1), errors);
        if (errors.isEmpty() && to.isBefore(from)) {
            errors.add(new FieldError("to", "结束日期 " + to + " 早于开始日期 " + from));
        } else if (errors.isEmpty() && to.toEpochDay() - from.toEpochDay() >= SchedulePreview.MAX_DAYS) {
            errors.add(new FieldError("to", "一次最多预览 " + SchedulePreview.MAX_DAYS + " 天"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("查询参数有误", errors);
        }
        HttpReply.json(exchange, mapper, 200, new SchedulePreview(planner, from, to).json(mapper));
    }

    private static LocalDate date(Exchange exchange, String name, LocalDate defaultValue, List<FieldError> errors) {
        String text = exchange.getMessage().getHeader(name, String.class);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "'" + text + "' 不是有效日期，格式为 YYYY-MM-DD"));
            return defaultValue;
        }
    }
}
