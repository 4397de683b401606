package org.devzone.bulletin.desk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.zone.Audience;
import org.devzone.bulletin.zone.Tier;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * The 写通知 form as posted: what the person typed, kept as typed so that a refused form comes back filled in, and
 * turned into the very JSON the API takes, so that the page and the API accept and refuse alike, in the same words.
 */
final class NoticeForm {

    /** A random id per opened form: posting it twice (a double click, the back button) stores the notice once. */
    static final String DRAFT = "_draft";

    private final Map<String, List<String>> fields;

    private NoticeForm(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** A new form: an information notice signed by {@code author}. */
    static NoticeForm blank(String author) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("category", List.of("information"));
        fields.put("author", List.of(author));
        fields.put("receipt", List.of("default"));
        fields.put(DRAFT, List.of(UUID.randomUUID().toString()));
        return new NoticeForm(fields);
    }

    static NoticeForm posted(Map<String, List<String>> fields) {
        Map<String, List<String>> copy = new LinkedHashMap<>(fields);
        String draft = first(copy, DRAFT);
        if (draft == null || !draft.matches("[0-9a-f-]{36}")) {
            copy.put(DRAFT, List.of(UUID.randomUUID().toString()));
        }
        return new NoticeForm(copy);
    }

    String value(String name) {
        String value = first(fields, name);
        return value == null ? "" : value;
    }

    List<String> values(String name) {
        return fields.getOrDefault(name, List.of());
    }

    boolean urgent() {
        return value("priority").equals("urgent");
    }

    boolean urgentConfirmed() {
        return value("urgentConfirmed").equals("yes");
    }

    /** The key that makes this form's notice stored once. */
    String intakeKey() {
        return "web:" + value(DRAFT);
    }

    /** The audience as ticked, names unknown to the directory left out (the API names them; a preview skips them). */
    Audience audience(ZoneDirectory zones) {
        if (value("audienceAll").equals("yes")) {
            return Audience.ALL;
        }
        return new Audience(
                false,
                values("tag").stream().filter(zones::hasTag).toList(),
                values("tier").stream()
                        .map(Tier.BY_NAME::get)
                        .filter(t -> t != null)
                        .toList(),
                values("city").stream().filter(zones::hasCity).toList(),
                values("zone").stream().filter(z -> zones.find(z).isPresent()).toList());
    }

    /** The notice as the API takes it. Blank fields are left out, so that the API says what is missing. */
    ObjectNode json(ObjectMapper mapper) {
        ObjectNode json = mapper.createObjectNode();
        text(json, "category");
        text(json, "title");
        json.put("body", value("body"));
        json.put("priority", urgent() ? "urgent" : "normal");
        ObjectNode audience = mapper.createObjectNode();
        if (value("audienceAll").equals("yes")) {
            audience.put("all", true);
        } else {
            list(audience, "tags", values("tag"));
            list(audience, "tiers", values("tier"));
            list(audience, "cities", values("city"));
            list(audience, "zones", values("zone"));
        }
        if (!audience.isEmpty()) {
            json.set("audience", audience);
        }
        switch (value("receipt")) {
            case "yes" -> json.put("requiresReceipt", true);
            case "no" -> json.put("requiresReceipt", false);
            default -> {
                // the category decides: documents need signing for
            }
        }
        text(json, "receiptDeadline");
        text(json, "notBefore");
        text(json, "author");
        return json;
    }

    /** What the page says about this form beyond the API: an urgent notice needs its confirmation. */
    List<FieldError> ownProblems() {
        List<FieldError> problems = new ArrayList<>();
        if (urgent() && !urgentConfirmed()) {
            problems.add(new FieldError("priority", "紧急通知提交后立即单独发给所选开发区，不等发送时段；请勾选“确认立即发出”，或取消紧急。"));
        }
        return problems;
    }

    /** The form's values for the page: single values by name, ticked values as lists. */
    Map<String, Object> model() {
        Map<String, Object> model = new HashMap<>();
        for (String name : List.of(
                "category",
                "title",
                "body",
                "receipt",
                "receiptDeadline",
                "notBefore",
                "author",
                "priority",
                "urgentConfirmed",
                "audienceAll",
                DRAFT)) {
            model.put(name.equals(DRAFT) ? "draft" : name, value(name));
        }
        for (String name : List.of("tag", "tier", "city", "zone")) {
            model.put(name + "s", values(name));
        }
        return model;
    }

    /**
     * The form field an API error is about ({@code audience.tags} is the audience's), or {@code general} for what
     * concerns the notice as a whole.
     */
    static String fieldOf(FieldError error) {
        String field = error.field();
        if (field.startsWith("audience")) {
            return "audience";
        }
        if (field.startsWith("attachments")) {
            return "attachments";
        }
        if (field.equals("requiresReceipt")) {
            return "receipt";
        }
        return switch (field) {
            case "category", "title", "body", "priority", "receiptDeadline", "notBefore", "author" -> field;
            default -> "general";
        };
    }

    private void text(ObjectNode json, String name) {
        String value = value(name);
        if (!value.isBlank()) {
            json.put(name, value);
        }
    }

    private static void list(ObjectNode audience, String name, List<String> values) {
        List<String> given = values.stream().filter(v -> !v.isBlank()).toList();
        if (!given.isEmpty()) {
            ArrayNode array = audience.putArray(name);
            given.forEach(array::add);
        }
    }

    private static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
