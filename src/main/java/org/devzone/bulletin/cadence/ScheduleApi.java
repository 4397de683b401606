package org.devzone.bulletin.cadence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.LocalDate;
import org.apache.camel.Exchange;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.QueryParams;

/** {@code GET /api/schedule?from=&to=}: the preview as JSON rows (four weeks from today by default), or as iCalendar. */
public final class ScheduleApi {

    private final ScheduleRuntime runtime;
    private final Clock clock;
    private final ObjectMapper mapper;

    private final String officeName;

    public ScheduleApi(ScheduleRuntime runtime, Clock clock, ObjectMapper mapper, String officeName) {
        this.officeName = officeName;
        this.runtime = runtime;
        this.clock = clock;
        this.mapper = mapper;
    }

    public void preview(Exchange exchange) {
        Planner planner = runtime.planner();
        LocalDate today = LocalDate.now(clock.withZone(planner.schedule().timeZone()));
        SchedulePreview preview = preview(new QueryParams(exchange), planner, today, 0, 4);
        HttpReply.json(exchange, mapper, 200, preview.json(mapper));
    }

    /** {@code GET /api/schedule.ics}: four weeks back to half a year ahead by default, for calendar subscriptions. */
    public void feed(Exchange exchange) {
        Planner planner = runtime.planner();
        LocalDate today = LocalDate.now(clock.withZone(planner.schedule().timeZone()));
        SchedulePreview preview = preview(new QueryParams(exchange), planner, today, 4, 26);
        HttpReply.text(
                exchange,
                200,
                "text/calendar; charset=utf-8",
                ScheduleFeed.render(preview.occurrences(), planner.schedule(), officeName));
    }

    private static SchedulePreview preview(
            QueryParams params, Planner planner, LocalDate today, int weeksBack, int weeksAhead) {
        LocalDate from = params.date("from", today.minusWeeks(weeksBack));
        LocalDate to = params.date("to", from.plusWeeks(weeksBack + weeksAhead).minusDays(1));
        if (params.valid() && to.isBefore(from)) {
            params.error("to", "结束日期 " + to + " 早于开始日期 " + from);
        } else if (params.valid() && to.toEpochDay() - from.toEpochDay() >= SchedulePreview.MAX_DAYS) {
            params.error("to", "一次最多预览 " + SchedulePreview.MAX_DAYS + " 天");
        }
        params.throwIfInvalid();
        return new SchedulePreview(planner, from, to);
    }
}
