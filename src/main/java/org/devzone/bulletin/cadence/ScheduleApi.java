package org.devzone.bulletin.cadence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.QueryParams;

/** {@code GET /api/schedule?from=&to=}: the preview as JSON rows; four weeks from today by default. */
public final class ScheduleApi {

    private final ScheduleRuntime runtime;
    private final Clock clock;
    private final ObjectMapper mapper;

    public ScheduleApi(ScheduleRuntime runtime, Clock clock, ObjectMapper mapper) {
        this.runtime = runtime;
        this.clock = clock;
        this.mapper = mapper;
    }

    public void preview(Exchange exchange) {
        Planner planner = runtime.planner();
        QueryParams params = new QueryParams(exchange);
        LocalDate today = LocalDate.now(clock.withZone(planner.schedule().timeZone()));
        LocalDate from = params.date("from", today);
        LocalDate to = params.date("to", from.plusWeeks(4).minusDays(1));
        if (params.valid() && to.isBefore(from)) {
            params.error("to", "结束日期 " + to + " 早于开始日期 " + from);
        } else if (params.valid() && to.toEpochDay() - from.toEpochDay() >= SchedulePreview.MAX_DAYS) {
            params.error("to", "一次最多预览 " + SchedulePreview.MAX_DAYS + " 天");
        }
        params.throwIfInvalid();
        HttpReply.json(exchange, mapper, 200, new SchedulePreview(planner, from, to).json(mapper));
    }
}
