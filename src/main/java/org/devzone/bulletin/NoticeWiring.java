package org.devzone.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.apache.camel.spi.Registry;
import org.devzone.bulletin.cadence.ScheduleRuntime;
import org.devzone.bulletin.notice.NoticeApi;
import org.devzone.bulletin.notice.NoticeJmsIntake;
import org.devzone.bulletin.notice.NoticeParser;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.platform.Metrics;

/** The notice feature's wiring: validation, the queue, and its REST and JMS edges (the mail intake needs mail). */
final class NoticeWiring {

    private NoticeWiring() {}

    /** Binds {@code noticeService}, {@code noticeApi} and {@code noticeJmsIntake}; answers the service. */
    static NoticeService configure(
            Registry registry,
            LoadedConfig config,
            NoticeStore store,
            ScheduleRuntime scheduleRuntime,
            Metrics metrics,
            Runnable wakeUrgent,
            Clock clock,
            ObjectMapper mapper) {
        NoticeParser parser =
                new NoticeParser(config.zones(), clock, config.schedule().timeZone());
        NoticeService notices =
                new NoticeService(parser, store, scheduleRuntime::schedule, clock, metrics::noticeQueued, wakeUrgent);
        registry.bind("noticeService", notices);
        registry.bind("noticeApi", new NoticeApi(notices, mapper));
        registry.bind("noticeJmsIntake", new NoticeJmsIntake(notices, mapper));
        return notices;
    }
}
