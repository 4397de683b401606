package org.devzone.bulletin.receipt;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.platform.BundledTemplates;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * Receipt links and the pages behind them. A link opens a confirmation page ({@code GET}); only the page's button
 * ({@code POST}) signs, so a mail scanner following links signs nothing. A forged, altered, expired or unknown link gets
 * a page saying so and changes nothing.
 */
public final class ReceiptService {

    /** A page to answer with. */
    public record Page(int status, String html) {}

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ReceiptTokens tokens;
    private final ReceiptStore store;
    private final ZoneDirectory zones;
    private final Clock clock;
    private final ZoneId officeZone;
    private final String publicUrl;
    private final String officeName;
    private final int validDays;
    private final BundledTemplates pages = new BundledTemplates("/pages");

    public ReceiptService(
            ReceiptTokens tokens,
            ReceiptStore store,
            ZoneDirectory zones,
            Clock clock,
            ZoneId officeZone,
            String publicUrl,
            String officeName,
            int validDays) {
        this.tokens = tokens;
        this.store = store;
        this.zones = zones;
        this.clock = clock;
        this.officeZone = officeZone;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.officeName = officeName;
        this.validDays = validDays;
    }

    /**
     * The receipt link of one zone for one notice sent on {@code sentOn}: valid {@code valid-days} after that, and at
     * least 30 days past the deadline.
     */
    public String link(String noticeId, String zoneId, LocalDate sentOn, LocalDate deadline) {
        return link(noticeId, zoneId, sentOn, deadline, false);
    }

    private String link(String noticeId, String zoneId, LocalDate sentOn, LocalDate deadline, boolean preview) {
        LocalDate last = sentOn.plusDays(validDays);
        if (deadline != null && deadline.plusDays(30).isAfter(last)) {
            last = deadline.plusDays(30);
        }
        Instant expires = last.plusDays(1).atStartOfDay(officeZone).toInstant();
        return publicUrl + "/r/"
                + (preview ? tokens.issuePreview(noticeId, zoneId, expires) : tokens.issue(noticeId, zoneId, expires));
    }

    /**
     * The link to a zone's own page, as an edition sent on {@code sentOn} carries it: valid {@code valid-days} after
     * that (every edition brings a fresh one).
     */
    public String pageLink(String zoneId, LocalDate sentOn) {
        Instant expires =
                sentOn.plusDays(validDays + 1L).atStartOfDay(officeZone).toInstant();
        return publicUrl + "/z/" + tokens.issuePage(zoneId, expires);
    }

    /** What a zone page's token says: the zone, or why it opens nothing. */
    public sealed interface PageToken permits ZoneOf, PageRefused {}

    public record ZoneOf(String zoneId) implements PageToken {}

    public record PageRefused(int status, String heading, String message) implements PageToken {}

    public PageToken zoneOf(String token) {
        ReceiptTokens.Check check = tokens.check(token, clock.instant());
        if (check instanceof ReceiptTokens.Valid valid && valid.claim().page()) {
            return zones.find(valid.claim().zoneId()).isPresent()
                    ? new ZoneOf(valid.claim().zoneId())
                    : new PageRefused(404, "开发区不存在", "这个开发区已不在名录中。如有疑问，请联系" + officeName + "。");
        }
        if (check instanceof ReceiptTokens.Expired expired && expired.claim().page()) {
            return new PageRefused(
                    410,
                    "链接已过期",
                    "这个链接已于 " + SHOWN.format(expired.claim().expires().atZone(officeZone))
                            + " 过期。请从最近一期公报的邮件或群消息中打开本开发区页面。");
        }
        return new PageRefused(400, "链接无效", "这个链接不完整或已被改动，无法使用。请从公报的邮件或群消息中重新打开完整的链接。");
    }

    /** Links for the notices of one zone's edition that require a receipt, by notice id. */
    public Map<String, String> links(List<Notice> notices, String zoneId, LocalDate sentOn) {
        return links(notices, zoneId, sentOn, false);
    }

    /** The same for a preview: the links open the page marked 预览 and cannot sign. */
    public Map<String, String> previewLinks(List<Notice> notices, String zoneId, LocalDate sentOn) {
        return links(notices, zoneId, sentOn, true);
    }

    private Map<String, String> links(List<Notice> notices, String zoneId, LocalDate sentOn, boolean preview) {
        Map<String, String> links = new LinkedHashMap<>();
        for (Notice n : notices) {
            if (n.requiresReceipt()) {
                links.put(n.id(), link(n.id(), zoneId, sentOn, n.receiptDeadline(), preview));
            }
        }
        return links;
    }

    /** What a zone still owes, as the Monday edition lists it: title, deadline, overdue, and the link to sign. */
    public List<Map<String, Object>> owed(String zoneId, LocalDate today) {
        return owed(zoneId, today, false);
    }

    /** The same for a preview, with links that cannot sign. */
    public List<Map<String, Object>> owedPreview(String zoneId, LocalDate today) {
        return owed(zoneId, today, true);
    }

    private List<Map<String, Object>> owed(String zoneId, LocalDate today, boolean preview) {
        return store.pending(zoneId).stream()
                .map(row -> {
                    Map<String, Object> item = new HashMap<>();
                    item.put("title", row.title());
                    if (row.deadline() != null) {
                        item.put("deadline", row.deadline().toString());
                    }
                    item.put("overdue", row.deadline() != null && row.deadline().isBefore(today));
                    item.put("sentOn", row.sentOn().toString());
                    item.put("url", link(row.noticeId(), zoneId, row.sentOn(), row.deadline(), preview));
                    return item;
                })
                .toList();
    }

    /** GET /r/{token}: the confirmation page, or why there is none. */
    public Page show(String token) {
        return answer(token, false, null);
    }

    /** For a client that presented too many bad links. */
    public Page tooManyAttempts() {
        return page(429, "尝试次数过多", "这台设备打开了过多无效的签收链接，请稍后再试。", null, null, false);
    }

    /** POST /r/{token}: signs (the first time counts) and says so. */
    public Page sign(String token, String client) {
        return answer(token, true, client);
    }

    private Page answer(String token, boolean sign, String client) {
        ReceiptTokens.Check check = tokens.check(token, clock.instant());
        if (check instanceof ReceiptTokens.Invalid) {
            return page(400, "链接无效", "这个签收链接不完整或已被改动，无法使用。请从邮件或群消息中重新打开完整的链接。", null, null, false);
        }
        if (check instanceof ReceiptTokens.Expired expired) {
            return page(
                    410,
                    "链接已过期",
                    "这个签收链接已于 " + SHOWN.format(expired.claim().expires().atZone(officeZone)) + " 过期。如仍需签收，请联系"
                            + officeName + "。",
                    null,
                    null,
                    false);
        }
        ReceiptTokens.Claim claim = ((ReceiptTokens.Valid) check).claim();
        if (claim.page()) {
            return page(400, "链接无效", "这是开发区页面的链接，不是签收链接。请在开发区页面上签收，或从邮件或群消息中打开签收链接。", null, null, false);
        }
        if (claim.preview()) {
            String zoneName = zones.find(claim.zoneId()).map(Zone::name).orElse(claim.zoneId());
            return page(
                    sign ? 403 : 200, "预览", "这是预览中的签收链接，只供查看，不能签收。" + zoneName + "收到公报后，用公报里的链接签收。", null, null, false);
        }
        Optional<ReceiptStore.Row> row = store.find(claim.noticeId(), claim.zoneId());
        Optional<Zone> zone = zones.find(claim.zoneId());
        if (row.isEmpty() || zone.isEmpty()) {
            return page(404, "找不到这份公文", "这份公文不存在、已被撤回，或没有发给这个开发区。", null, null, false);
        }
        ReceiptStore.Row r = row.get();
        if (r.signedAt() != null && !sign) {
            return page(
                    200,
                    "已签收",
                    zone.get().name() + "已于 " + SHOWN.format(r.signedAt()) + " 签收，无需再次签收。",
                    r,
                    zone.get(),
                    false);
        }
        if (!sign) {
            return page(200, "确认签收", "请确认" + zone.get().name() + "已收到上面这份公文。", r, zone.get(), true);
        }
        ReceiptStore.Signed signed =
                store.sign(claim.noticeId(), claim.zoneId(), OffsetDateTime.now(clock), "link", client);
        ReceiptStore.Row done =
                new ReceiptStore.Row(r.zoneId(), r.noticeId(), r.title(), r.deadline(), r.sentOn(), signed.signedAt());
        return page(
                200,
                "已签收",
                signed.first()
                        ? "签收成功，谢谢。"
                        : zone.get().name() + "此前已于 " + SHOWN.format(signed.signedAt()) + " 签收，以第一次签收为准。",
                done,
                zone.get(),
                false);
    }

    private Page page(int status, String heading, String message, ReceiptStore.Row row, Zone zone, boolean confirm) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("heading", heading);
        model.put("message", message);
        model.put("confirm", confirm);
        if (row != null) {
            model.put("notice", row.title());
            model.put("zone", zone.name());
            if (row.deadline() != null) {
                model.put("deadline", row.deadline().toString());
            }
            if (row.signedAt() != null) {
                model.put("signedAt", SHOWN.format(row.signedAt()));
            }
        } else {
            model.put("zone", "");
        }
        return new Page(status, pages.render("receipt.ftlh", model));
    }
}
