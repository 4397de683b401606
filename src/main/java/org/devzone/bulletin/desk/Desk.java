package org.devzone.bulletin.desk;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.devzone.bulletin.cadence.HolidayImport;
import org.devzone.bulletin.notice.NoticeService;

/** The staff desk's pages, as the routes call them (beans {@code deskPages}, {@code noticePages}, ...). */
public final class Desk {

    private Desk() {}

    /** The page beans, sharing one frame. */
    public record Beans(
            DeskPages desk,
            NoticePages notices,
            ReceiptPages receipts,
            DeliveryPages deliveries,
            FeedbackPages feedback,
            PreviewPages previews,
            AdminPages admin) {}

    public static Beans pages(
            NoticeService notices,
            DeskSources sources,
            HolidayImport holidays,
            AdminPages.ChannelSources channels,
            ObjectMapper mapper,
            Clock clock,
            String officeName) {
        DeskView view = new DeskView(officeName, clock, sources.planner());
        return new Beans(
                new DeskPages(view),
                new NoticePages(notices, sources, mapper, clock, view),
                new ReceiptPages(sources, view),
                new DeliveryPages(sources, view),
                new FeedbackPages(notices, sources, view),
                new PreviewPages(sources, clock, view),
                new AdminPages(sources.planner(), holidays, channels, view));
    }
}
