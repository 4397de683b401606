package org.devzone.bulletin.desk;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.devzone.bulletin.access.Access;
import org.devzone.bulletin.access.ApiToken;
import org.devzone.bulletin.access.PageAccess;
import org.devzone.bulletin.access.Role;
import org.devzone.bulletin.access.Sessions;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.platform.BundledTemplates;
import org.devzone.bulletin.platform.HttpReply;
import org.devzone.bulletin.platform.HttpRequests;
import org.devzone.bulletin.zone.ZoneDirectory;

/** What every desk page shares: the frame's model (office, who, whether admin, form token), rendering, labels. */
final class DeskView {

    static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final BundledTemplates pages = new BundledTemplates("/pages");
    private final String officeName;
    private final Clock clock;
    private final Supplier<Planner> planner;

    DeskView(String officeName, Clock clock, Supplier<Planner> planner) {
        this.officeName = officeName;
        this.clock = clock;
        this.planner = planner;
    }

    String officeName() {
        return officeName;
    }

    /** The zones as a select lists them. */
    static List<Map<String, String>> zoneChoices(ZoneDirectory zones) {
        return zones.zones().stream()
                .map(z -> Map.of("id", z.id(), "name", z.name()))
                .toList();
    }

    Map<String, Object> common(Exchange exchange, String active) {
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        ApiToken token = exchange.getProperty(Access.TOKEN, ApiToken.class);
        model.put("who", token.name());
        model.put("admin", token.role().covers(Role.ADMIN));
        model.put("csrf", Sessions.formToken(exchange.getProperty(PageAccess.SESSION, String.class)));
        model.put("active", active);
        return model;
    }

    void page(Exchange exchange, int status, String template, Map<String, Object> model) {
        HttpReply.page(exchange, status, pages.render(template, model));
    }

    static void redirect(Exchange exchange, String location) {
        HttpReply.text(exchange, 303, "text/plain; charset=utf-8", "");
        exchange.getMessage().setHeader("Location", location);
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(planner.get().schedule().timeZone()));
    }

    static String query(Exchange exchange, String name) {
        String value = HttpRequests.queryParameter(exchange, name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    static LocalDate date(String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Map<String, String> statusLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("queued", "待发送");
        labels.put("scheduled", "已编入公报");
        labels.put("sent", "已发出");
        labels.put("withdrawn", "已撤回");
        return labels;
    }

    static Map<String, String> categoryLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            labels.put(category.wireName(), category.label());
        }
        return labels;
    }

    Map<String, String> slotLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        planner.get().schedule().slots().forEach(s -> labels.put(s.id(), s.name()));
        return labels;
    }

    static String sourceLabel(String source) {
        return switch (source) {
            case "web" -> "网页";
            case "rest" -> "接口";
            case "jms" -> "消息队列";
            case "email" -> "邮件";
            default -> source;
        };
    }

    static String channelLabel(String channel) {
        return switch (channel) {
            case "email" -> "邮件";
            case "qq" -> "QQ 群";
            case "wecom" -> "企业微信";
            case "dingtalk" -> "钉钉";
            case "feishu" -> "飞书";
            case "webhook" -> "Webhook";
            default -> channel;
        };
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static int pageNumber(Exchange exchange) {
        try {
            return Math.max(
                    1,
                    Integer.parseInt(
                            Optional.ofNullable(query(exchange, "page")).orElse("1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
