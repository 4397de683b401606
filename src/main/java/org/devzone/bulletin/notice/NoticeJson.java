package org.devzone.bulletin.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import org.devzone.bulletin.platform.JsonTimes;

/** How notices look in the API. Listings leave the body out; a single notice has it. */
final class NoticeJson {

    private final ObjectMapper mapper;

    NoticeJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode accepted(Notice notice) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", notice.id());
        node.put("status", notice.status().wireName());
        node.put("slot", notice.slot());
        return node;
    }

    ObjectNode full(Notice notice) {
        ObjectNode node = summary(notice);
        node.put("body", notice.body());
        return node;
    }

    ObjectNode summary(Notice notice) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", notice.id());
        node.put("externalId", notice.externalId());
        node.put("category", notice.category().wireName());
        node.put("title", notice.title());
        node.put("priority", notice.priority().wireName());
        node.set("audience", AudienceJson.write(mapper, notice.audience()));
        node.put("requiresReceipt", notice.requiresReceipt());
        node.put("receiptDeadline", date(notice.receiptDeadline()));
        node.put("notBefore", date(notice.notBefore()));
        ArrayNode attachments = node.putArray("attachments");
        for (AttachmentInfo a : notice.attachments()) {
            attachments
                    .addObject()
                    .put("name", a.name())
                    .put("contentType", a.contentType())
                    .put("size", a.size());
        }
        node.put("author", notice.author());
        node.put("slot", notice.slot());
        node.put("status", notice.status().wireName());
        node.put("source", notice.source());
        node.put("createdAt", JsonTimes.seconds(notice.createdAt()));
        node.put("withdrawnAt", JsonTimes.seconds(notice.withdrawnAt()));
        return node;
    }

    ObjectNode page(NoticePage page) {
        ObjectNode node = mapper.createObjectNode();
        ArrayNode items = node.putArray("items");
        page.items().forEach(n -> items.add(summary(n)));
        node.put("page", page.page());
        node.put("size", page.size());
        node.put("total", page.total());
        return node;
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
