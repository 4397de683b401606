package org.devzone.bulletin.bulletin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeService;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.JsonTimes;
import org.devzone.bulletin.platform.QueryParams;
import org.devzone.bulletin.zone.ZoneDirectory;

/** {@code /api/bulletins} and {@code /api/slots/{slot}/fire}: what went out, to whom, and firing a slot by hand. */
public final class BulletinApi {

    private static final int MAX_SIZE = 200;

    private final BulletinService service;
    private final BulletinStore store;
    private final NoticeService notices;
    private final ZoneDirectory zones;
    private final ObjectMapper mapper;

    private final DeliveryCounts deliveries;

    /** How many deliveries of a bulletin are where, by channel and status (the delivery ledger answers). */
    @FunctionalInterface
    public interface DeliveryCounts {
        Map<String, Map<String, Integer>> of(String bulletinId);
    }

    public BulletinApi(
            BulletinService service,
            BulletinStore store,
            NoticeService notices,
            ZoneDirectory zones,
            ObjectMapper mapper,
            DeliveryCounts deliveries) {
        this.deliveries = deliveries;
        this.service = service;
        this.store = store;
        this.notices = notices;
        this.zones = zones;
        this.mapper = mapper;
    }

    public void list(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        String slot = params.text("slot");
        LocalDate from = params.date("from", null);
        LocalDate to = params.date("to", null);
        int page = params.number("page", 1, 1, Integer.MAX_VALUE);
        int size = params.number("size", 20, 1, MAX_SIZE);
        params.throwIfInvalid();
        ObjectNode body = mapper.createObjectNode();
        ArrayNode items = body.putArray("items");
        store.list(slot, from, to, page, size)
                .forEach(b -> items.add(summary(b.bulletin(), b.noticeCount(), b.editionCount())));
        body.put("page", page);
        body.put("size", size);
        HttpReply.json(exchange, mapper, 200, body);
    }

    public void get(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Bulletin bulletin = store.find(id).orElseThrow(() -> ApiException.notFound("没有 id 为 " + id + " 的公报"));
        HttpReply.json(exchange, mapper, 200, full(bulletin, true));
    }

    /**
     * POST: 201 with the new bulletin, or 200 with the one this occurrence already made: its notices and delivery
     * counts, not its editions (one a zone, thousands in a large fan-out; {@code GET /api/bulletins/{id}} lists them).
     */
    public void fire(Exchange exchange) {
        QueryParams params = new QueryParams(exchange);
        LocalDate date = params.date("date", null);
        params.throwIfInvalid();
        BulletinStore.Created created =
                service.fireManually(exchange.getMessage().getHeader("slot", String.class), date);
        HttpReply.json(exchange, mapper, created.created() ? 201 : 200, full(created.bulletin(), false));
        if (created.created()) {
            exchange.getMessage()
                    .setHeader(
                            "Location", "/api/bulletins/" + created.bulletin().id());
        }
    }

    private ObjectNode summary(Bulletin b, int noticeCount, int editionCount) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", b.id());
        node.put("slot", b.slot());
        node.put("date", b.date().toString());
        node.put("kind", b.kind().name().toLowerCase(Locale.ROOT));
        node.put("status", b.status().name().toLowerCase(Locale.ROOT));
        node.put("firedBy", b.firedBy());
        node.put("provisional", b.provisional());
        node.put("noticeCount", noticeCount);
        node.put("editionCount", editionCount);
        node.put("createdAt", JsonTimes.seconds(b.createdAt()));
        node.put("publishedAt", JsonTimes.seconds(b.publishedAt()));
        return node;
    }

    private ObjectNode full(Bulletin b, boolean withEditions) {
        ObjectNode node = summary(b, b.noticeIds().size(), b.editions().size());
        ArrayNode list = node.putArray("notices");
        for (String noticeId : b.noticeIds()) {
            Notice n = notices.find(noticeId).orElseThrow();
            list.addObject()
                    .put("id", n.id())
                    .put("category", n.category().wireName())
                    .put("title", n.title())
                    .put("priority", n.priority().wireName())
                    .put("status", n.status().wireName());
        }
        if (withEditions) {
            ArrayNode editions = node.putArray("editions");
            for (Bulletin.Edition e : b.editions()) {
                ObjectNode edition = editions.addObject();
                edition.put("zone", e.zoneId());
                edition.put(
                        "zoneName", zones.find(e.zoneId()).map(z -> z.name()).orElse(null));
                e.noticeIds().forEach(edition.putArray("notices")::add);
            }
        }
        ObjectNode counts = node.putObject("deliveries");
        deliveries.of(b.id()).forEach((channel, byStatus) -> {
            ObjectNode perChannel = counts.putObject(channel);
            byStatus.forEach(perChannel::put);
        });
        if (b.sections() != null) {
            try {
                node.set("sections", mapper.readTree(b.sections()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored sections are not JSON", e);
            }
        }
        return node;
    }
}
