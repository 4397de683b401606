package org.devzone.bulletin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.spi.Registry;
import org.devzone.bulletin.access.LiveTokens;
import org.devzone.bulletin.access.PageAccess;
import org.devzone.bulletin.access.Sessions;
import org.devzone.bulletin.cadence.HolidayImport;
import org.devzone.bulletin.delivery.ChannelActivity;
import org.devzone.bulletin.desk.AdminPages;
import org.devzone.bulletin.desk.Desk;
import org.devzone.bulletin.desk.DeskSources;
import org.devzone.bulletin.desk.ZonePages;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.platform.Database;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.receipt.ReceiptService;

/**
 * The pages' wiring: browsers' sessions and the check on every page route, the desk's beans (staff and admins), and
 * each zone's own page.
 */
final class DeskWiring {

    private DeskWiring() {}

    /** What the status page shares with the desk: the sessions and the page check. */
    record Parts(Sessions sessions, PageAccess pageAccess) {}

    static Parts configure(
            Registry registry,
            Settings settings,
            LoadedConfig config,
            Database database,
            LiveTokens tokens,
            FailureLimiter badTokens,
            String publicUrl,
            NoticeService notices,
            ReceiptService receipts,
            DeskSources sources,
            DeliveryWiring.Parts delivery,
            ObjectMapper mapper,
            Clock clock) {
        var sessions = new Sessions(database.dataSource(), tokens, clock, Duration.ofHours(12));
        var pageAccess = new PageAccess(sessions, badTokens, publicUrl);
        registry.bind("pageAccess", pageAccess);
        Desk.Beans desk = Desk.pages(
                notices,
                sources,
                new HolidayImport(config.directory().resolve("holidays")),
                new AdminPages.ChannelSources(
                        config.channels(),
                        delivery.missingSecrets(),
                        new ChannelActivity(database.dataSource())::read,
                        settings.mail().host() + ":" + settings.mail().port()),
                mapper,
                clock,
                settings.officeName());
        registry.bind("deskPages", desk.desk());
        registry.bind("noticePages", desk.notices());
        registry.bind("receiptPages", desk.receipts());
        registry.bind("deliveryPages", desk.deliveries());
        registry.bind("feedbackPages", desk.feedback());
        registry.bind("previewPages", desk.previews());
        registry.bind("adminPages", desk.admin());
        registry.bind("zonePages", new ZonePages(sources, receipts, notices, badTokens, clock, settings.officeName()));
        return new Parts(sessions, pageAccess);
    }
}
