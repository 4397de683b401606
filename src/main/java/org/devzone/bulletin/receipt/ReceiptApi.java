package org.devzone.bulletin.receipt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.FailureLimiter;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.JsonTimes;
import org.devzone.bulletin.platform.QueryParams;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/** Receipt status for staff, and the receipt pages for zones. */
public final class ReceiptApi {

    private final ReceiptService service;
    private final ReceiptStore store;
    private final NoticeService notices;
    private final ZoneDirectory zones;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ZoneId officeZone;
    private final FailureLimiter limiter;

    public ReceiptApi(
            ReceiptService service,
            ReceiptStore store,
            NoticeService notices,
            ZoneDirectory zones,
            ObjectMapper mapper,
            Clock clock,
            ZoneId officeZone,
            FailureLimiter limiter) {
        this.limiter = limiter;
        this.service = service;
        this.store = store;
        this.notices = notices;
        this.zones = zones;
        this.mapper = mapper;
        this.clock = clock;
        this.officeZone = officeZone;
    }

    /** GET /api/notices/{id}/receipts: each zone the notice reached, signed or not. */
    public void forNotice(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Notice notice = notices.find(id).orElseThrow(() -> ApiException.notFound("没有 id 为 " + id + " 的通知"));
        List<ReceiptStore.Row> rows = store.forNotice(id);
        LocalDate today = LocalDate.now(clock.withZone(officeZone));
        ObjectNode body = mapper.createObjectNode();
        body.put("notice", notice.id());
        body.put("title", notice.title());
        body.put("requiresReceipt", notice.requiresReceipt());
        body.put(
                "receiptDeadline",
                notice.receiptDeadline() == null
                        ? null
                        : notice.receiptDeadline().toString());
        long signed = rows.stream().filter(r -> r.signedAt() != null).count();
        body.put("signed", signed);
        body.put("pending", rows.size() - signed);
        ArrayNode list = body.putArray("zones");
        for (ReceiptStore.Row row : rows) {
            ObjectNode zone = list.addObject();
            zone.put("zone", row.zoneId());
            zone.put("name", zones.find(row.zoneId()).map(Zone::name).orElse(row.zoneId()));
            zone.put("signed", row.signedAt() != null);
            zone.put("signedAt", JsonTimes.seconds(row.signedAt()));
            zone.put(
                    "overdue",
                    row.signedAt() == null
                            && row.deadline() != null
                            && row.deadline().isBefore(today));
        }
        HttpReply.json(exchange, mapper, 200, body);
    }

    /** GET /api/receipts?pending=true[&zone=]: every zone with documents still to sign for, overdue zones first. */
    public void pending(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        String pending = params.text("pending");
        if (pending != null && !pending.equals("true")) {
            params.error("pending", "目前只支持 pending=true（尚未签收的公文）");
        }
        String zoneId = params.text("zone");
        if (zoneId != null && zones.find(zoneId).isEmpty()) {
            params.error("zone", "没有 id 为 " + zoneId + " 的开发区");
        }
        params.throwIfInvalid();
        LocalDate today = LocalDate.now(clock.withZone(officeZone));
        Map<String, List<ReceiptStore.Row>> byZone = new LinkedHashMap<>();
        store.pending(zoneId)
                .forEach(r -> byZone.computeIfAbsent(r.zoneId(), k -> new ArrayList<>())
                        .add(r));
        List<Map.Entry<String, List<ReceiptStore.Row>>> ordered = byZone.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<ReceiptStore.Row>> e) ->
                                e.getValue().stream().noneMatch(r -> overdue(r, today)))
                        .thenComparing(Map.Entry::getKey))
                .toList();
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (Map.Entry<String, List<ReceiptStore.Row>> entry : ordered) {
            ObjectNode zone = items.addObject();
            zone.put("zone", entry.getKey());
            zone.put("name", zones.find(entry.getKey()).map(Zone::name).orElse(entry.getKey()));
            zone.put(
                    "overdue",
                    entry.getValue().stream().filter(r -> overdue(r, today)).count());
            ArrayNode documents = zone.putArray("documents");
            for (ReceiptStore.Row r : entry.getValue()) {
                documents
                        .addObject()
                        .put("notice", r.noticeId())
                        .put("title", r.title())
                        .put(
                                "receiptDeadline",
                                r.deadline() == null ? null : r.deadline().toString())
                        .put("sentOn", r.sentOn().toString())
                        .put("overdue", overdue(r, today));
            }
        }
        body.put("zones", items.size());
        HttpReply.json(exchange, mapper, 200, body);
    }

    /** GET /r/{token}. */
    public void page(Exchange exchange) {
        respond(exchange, false);
    }

    /** POST /r/{token}. */
    public void sign(Exchange exchange) {
        respond(exchange, true);
    }

    /** A client that keeps presenting bad links is refused for a while, whatever it presents. */
    private void respond(Exchange exchange, boolean sign) {
        String client = limiter.client(exchange);
        Duration blocked = limiter.blockedFor(client);
        if (!blocked.isZero()) {
            answer(exchange, service.tooManyAttempts());
            exchange.getMessage().setHeader("Retry-After", Math.max(1, blocked.toSeconds()));
            return;
        }
        String token = exchange.getMessage().getHeader("token", String.class);
        ReceiptService.Page page = sign ? service.sign(token, client) : service.show(token);
        if (page.status() == 400 || page.status() == 404) {
            limiter.failed(client);
        }
        answer(exchange, page);
    }

    private static void answer(Exchange exchange, ReceiptService.Page page) {
        // Receipt pages are personal: never cached, never indexed, never framed.
        HttpReply.page(exchange, page.status(), page.html());
    }

    private static boolean overdue(ReceiptStore.Row r, LocalDate today) {
        return r.deadline() != null && r.deadline().isBefore(today);
    }
}
