package org.devzone.bulletin.bulletin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.devzone.bulletin.notice.Category;
import org.devzone.bulletin.notice.Notice;

/**
 * One zone's edition as plain text, for an admin checking what a zone will read. The notices are grouped by
 * category, urgent ones marked, receipts and deadlines shown; bodies stay Markdown.
 */
final class EditionText {

    private EditionText() {}

    static String render(BulletinService.EditionPreview edition, List<Notice> notices, String officeName, ObjectMapper mapper) {
        StringBuilder out = new StringBuilder();
        out.append(officeName).append(" · ").append(edition.slot().name()).append(" · ").append(edition.date())
                .append("（").append(edition.date().getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.CHINA)).append("）\n");
        out.append("致：").append(edition.zone().name()).append('\n');
        out.append(edition.bulletinId() == null ? "（预览：尚未发送）\n" : "（已发送，公报 " + edition.bulletinId() + "）\n");
        Map<Category, List<Notice>> byCategory = new LinkedHashMap<>();
        for (Notice notice : notices) {
            byCategory.computeIfAbsent(notice.category(), c -> new ArrayList<>()).add(notice);
        }
        int number = 1;
        for (Map.Entry<Category, List<Notice>> group : byCategory.entrySet()) {
            out.append("\n【").append(group.getKey().label()).append("】\n");
            for (Notice n : group.getValue()) {
                out.append(number++).append(". ").append(n.priority().wireName().equals("urgent") ? "【急】" : "").append(n.title());
                if (n.requiresReceipt()) {
                    out.append("（需签收").append(n.receiptDeadline() == null ? "" : "，截止 " + n.receiptDeadline()).append("）");
                }
                out.append('\n');
                if (!n.body().isBlank()) {
                    n.body().strip().lines().forEach(line -> out.append("   ").append(line).append('\n'));
                }
                n.attachments().forEach(a -> out.append("   附件：").append(a.name()).append('\n'));
            }
        }
        lastWeek(edition.sections(), mapper, out);
        if (notices.isEmpty() && edition.sections() == null) {
            out.append("\n本期没有发给该开发区的内容，该开发区不会收到这一期。\n");
        }
        return out.toString();
    }

    private static void lastWeek(String sections, ObjectMapper mapper, StringBuilder out) {
        if (sections == null) {
            return;
        }
        JsonNode root;
        try {
            root = mapper.readTree(sections);
        } catch (IOException e) {
            throw new IllegalStateException("stored sections are not JSON", e);
        }
        if (root.has("receipts")) {
            out.append("\n【公文签收情况】\n   暂无待签收的公文。\n");
        }
        JsonNode lastWeek = root.path("lastWeek");
        if (lastWeek.isMissingNode()) {
            return;
        }
        out.append("\n【上周发布情况】").append(lastWeek.path("from").asText()).append(" 至 ").append(lastWeek.path("to").asText()).append('\n');
        for (JsonNode row : lastWeek.path("categories")) {
            out.append("   ").append(row.path("label").asText()).append("：").append(row.path("notices").asInt())
                    .append(" 条，覆盖 ").append(row.path("zones").asInt()).append(" 个开发区\n");
        }
    }
}
