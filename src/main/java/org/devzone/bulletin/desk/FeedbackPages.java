package org.devzone.bulletin.desk;

import static org.devzone.bulletin.desk.DeskView.MINUTES;
import static org.devzone.bulletin.desk.DeskView.blankToNull;
import static org.devzone.bulletin.desk.DeskView.pageNumber;
import static org.devzone.bulletin.desk.DeskView.query;
import static org.devzone.bulletin.desk.DeskView.redirect;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.feedback.Feedback;
import org.devzone.bulletin.feedback.FeedbackStore;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.platform.Refusal;
import org.devzone.bulletin.zone.Zone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 反馈: what zones answered, by zone and notice; a reply that matched no zone assigned by staff. */
public final class FeedbackPages {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackPages.class);

    private final NoticeService notices;
    private final DeskSources sources;
    private final DeskView view;

    FeedbackPages(NoticeService notices, DeskSources sources, DeskView view) {
        this.notices = notices;
        this.sources = sources;
        this.view = view;
    }

    /**
     * {@code GET /desk/feedback?zone=&notice=&matched=}: what zones answered, newest first, by zone and by notice;
     * replies that matched no zone ({@code matched=no}) can be assigned.
     */
    public void feedback(Exchange exchange) {
        Map<String, Object> model = view.common(exchange, "feedback");
        String zone = query(exchange, "zone");
        String notice = query(exchange, "notice");
        String matchedText = query(exchange, "matched");
        Boolean matched = matchedText == null ? null : !matchedText.equals("no");
        int page = pageNumber(exchange);
        ZoneId office = sources.planner().get().schedule().timeZone();
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, String> titles = new HashMap<>();
        for (Feedback f :
                sources.feedback().list(new FeedbackStore.Filter(zone, notice, matched), (long) (page - 1) * 30, 30)) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", f.id());
            row.put(
                    "zone",
                    f.zoneId() == null
                            ? ""
                            : sources.zones().find(f.zoneId()).map(Zone::name).orElse(f.zoneId()));
            row.put("matched", f.matched());
            row.put(
                    "notice",
                    f.noticeId() == null
                            ? ""
                            : titles.computeIfAbsent(
                                    f.noticeId(),
                                    id -> notices.find(id).map(Notice::title).orElse(id)));
            row.put("noticeId", f.noticeId() == null ? "" : f.noticeId());
            row.put(
                    "via",
                    switch (f.via()) {
                        case "email" -> "邮件回复";
                        case "web" -> "开发区页面";
                        case "api" -> "接口";
                        default -> f.via();
                    });
            row.put("author", f.author() == null ? "" : f.author());
            row.put("subject", f.subject() == null ? "" : f.subject());
            row.put("body", f.body());
            row.put("at", f.receivedAt().atZoneSameInstant(office).format(MINUTES));
            rows.add(row);
        }
        model.put("rows", rows);
        model.put("page", page);
        model.put("more", rows.size() == 30);
        model.put("zone", zone == null ? "" : zone);
        model.put("notice", notice == null ? "" : notice);
        model.put("matched", matchedText == null ? "" : matchedText);
        model.put("zones", DeskView.zoneChoices(sources.zones()));
        model.put("assigned", query(exchange, "assigned") != null);
        view.page(exchange, 200, "desk-feedback.ftlh", model);
    }

    /** {@code POST /desk/feedback/{id}/assign} with {@code zone}: an unmatched reply becomes that zone's feedback. */
    public void assign(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        String zone = blankToNull(
                HttpRequests.form(exchange).getOrDefault("zone", List.of("")).get(0));
        if (zone == null || sources.zones().find(zone).isEmpty()) {
            throw Refusal.invalid("请选择开发区", List.of(new FieldError("zone", "请选择这条反馈来自哪个开发区。")));
        }
        if (!sources.feedback().assign(id, zone, null)) {
            throw Refusal.conflict("这条反馈不存在，或已经归到某个开发区。");
        }
        LOG.info(
                "Feedback {} assigned to {} on the desk by {}",
                id,
                zone,
                exchange.getProperty(Access.TOKEN, ApiToken.class).name());
        redirect(exchange, "/desk/feedback?matched=no&assigned=1");
    }
}
