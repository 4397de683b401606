package org.devzone.bulletin.notice;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.Refusal;
import org.devzone.bulletin.zone.Audience;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * Turns the JSON a client sent (over REST or JMS) into a {@link NoticeDraft}, or explains every problem with it, one
 * {@link FieldError} per field, in Chinese. Types are strict: {@code "true"} is not a boolean and {@code 5} is not a
 * title.
 */
public final class NoticeParser {

    public static final String INVALID_TITLE = "通知内容有误";

    private static final Set<String> FIELDS = Set.of(
            "externalId",
            "category",
            "title",
            "body",
            "priority",
            "audience",
            "requiresReceipt",
            "receiptDeadline",
            "notBefore",
            "attachments",
            "author");
    private static final Set<String> SERVER_FIELDS = Set.of("id", "status", "slot", "createdAt", "withdrawnAt");
    static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    /** What a reader cannot see: white space, format characters (zero-width space, joiners, BOM), controls. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\s\\p{Cf}\\p{Cc}\\p{Z}]+");
    /** Dates further ahead than this are typing mistakes (and some cannot be stored as given). */
    static final int MAX_YEARS_AHEAD = 5;

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final ZoneDirectory zones;
    private final Clock clock;
    private final ZoneId officeZone;

    public NoticeParser(ZoneDirectory zones, Clock clock, ZoneId officeZone) {
        this.zones = zones;
        this.clock = clock;
        this.officeZone = officeZone;
    }

    /** @throws Refusal (400) listing every problem found. */
    public NoticeDraft parse(String json) {
        return parse(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses JSON bytes; Jackson detects the Unicode encoding and rejects malformed UTF-8. */
    public NoticeDraft parse(byte[] json) {
        if (json == null || new String(json, StandardCharsets.UTF_8).isBlank()) {
            throw invalid(List.of(new FieldError("$", "请求体为空：请提交 JSON 格式的通知")));
        }
        JsonNode root;
        try {
            JsonParser parser = mapper.createParser(json);
            root = mapper.readTree(parser);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "（第 " + at.getLineNr() + " 行第 " + at.getColumnNr() + " 列）";
            throw invalid(List.of(new FieldError("$", "不是有效的 JSON" + where + "：" + e.getOriginalMessage())));
        } catch (IOException e) {
            throw invalid(List.of(new FieldError("$", "无法读取请求体：" + e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw invalid(List.of(new FieldError("$", "通知必须是一个 JSON 对象，例如 {\"title\": \"...\"}")));
        }
        return new Reader(root).read();
    }

    private static Refusal invalid(List<FieldError> errors) {
        return Refusal.invalid(INVALID_TITLE, errors);
    }

    /** One parse: collects errors as it goes so the client sees all of them at once. */
    private final class Reader {
        private final JsonNode root;
        private final List<FieldError> errors = new ArrayList<>();

        Reader(JsonNode root) {
            this.root = root;
        }

        NoticeDraft read() {
            for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (SERVER_FIELDS.contains(name)) {
                    error(name, "由服务器生成，请勿提交");
                } else if (!FIELDS.contains(name)) {
                    error(
                            name,
                            "未知字段；可用字段："
                                    + String.join("、", FIELDS.stream().sorted().toList()));
                }
            }
            String externalId = optionalString("externalId", NoticeDraft.MAX_EXTERNAL_ID);
            Category category = requiredEnum("category", Category.BY_NAME, "类别");
            String title = requiredString("title", NoticeDraft.MAX_TITLE);
            String body = optionalString("body", Integer.MAX_VALUE);
            if (body == null) {
                body = "";
            } else if (body.getBytes(StandardCharsets.UTF_8).length > NoticeDraft.MAX_BODY_BYTES) {
                error("body", "正文超过 64 KiB（当前 " + body.getBytes(StandardCharsets.UTF_8).length + " 字节），请精简正文或改为附件");
            }
            Priority priority = Priority.NORMAL;
            if (present("priority")) {
                priority =
                        requiredEnum("priority", Map.of("normal", Priority.NORMAL, "urgent", Priority.URGENT), "优先级");
            }
            Audience audience = new AudienceReader(zones, errors).read(root.get("audience"));
            Boolean requiresReceipt = optionalBoolean("requiresReceipt");
            LocalDate receiptDeadline = optionalDate("receiptDeadline");
            LocalDate notBefore = optionalDate("notBefore");
            LocalDate today = LocalDate.now(clock.withZone(officeZone));
            if (receiptDeadline != null && receiptDeadline.isBefore(today)) {
                error("receiptDeadline", "签收截止日期 " + receiptDeadline + " 已过（今天是 " + today + "）");
            }
            if (receiptDeadline != null && Boolean.FALSE.equals(requiresReceipt)) {
                error("receiptDeadline", "requiresReceipt 为 false 时不能设置签收截止日期");
            }
            if (receiptDeadline != null && notBefore != null && notBefore.isAfter(receiptDeadline)) {
                error("notBefore", "最早发送日期 " + notBefore + " 晚于签收截止日期 " + receiptDeadline);
            }
            boolean receipt = requiresReceipt != null
                    ? requiresReceipt
                    : category == Category.DOCUMENT || receiptDeadline != null;
            List<Attachment> attachments = new AttachmentsReader(errors).read(root.get("attachments"));
            String author = requiredString("author", NoticeDraft.MAX_AUTHOR);
            if (!errors.isEmpty()) {
                throw invalid(errors);
            }
            return new NoticeDraft(
                    externalId,
                    category,
                    title,
                    body,
                    priority,
                    audience,
                    receipt,
                    receiptDeadline,
                    notBefore,
                    attachments,
                    author);
        }

        private void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        private boolean present(String field) {
            return root.has(field) && !root.get(field).isNull();
        }

        private String requiredString(String field, int max) {
            if (!present(field)) {
                error(field, "必填");
                return null;
            }
            return optionalString(field, max);
        }

        private String optionalString(String field, int max) {
            return string(root.get(field), field, max);
        }

        private String string(JsonNode node, String field, int max) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                error(field, "应为字符串，实际是" + typeName(node));
                return null;
            }
            String value = node.textValue();
            boolean body = field.equals("body");
            String checked = body ? value : value.strip();
            if (!body && INVISIBLE.matcher(checked).replaceAll("").isEmpty()) {
                error(field, checked.isEmpty() ? "不能为空" : "不能为空（只有空白或不可见字符）");
                return null;
            }
            if (hasLoneSurrogate(checked)) {
                error(field, "含有无效的 Unicode 字符（不成对的代理项），请检查文字的编码");
                return null;
            }
            int length = checked.codePointCount(0, checked.length());
            if (length > max) {
                error(field, "最多 " + max + " 个字符，当前 " + length + " 个");
                return null;
            }
            if (!body && CONTROL.matcher(checked).find()) {
                error(field, "不能包含换行或控制字符");
                return null;
            }
            return checked;
        }

        private <E> E requiredEnum(String field, Map<String, E> values, String what) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                error(field, "必填，可选值：" + String.join("、", sortedKeys(values)));
                return null;
            }
            if (!node.isTextual()) {
                error(field, "应为字符串，实际是" + typeName(node));
                return null;
            }
            E value = values.get(node.textValue());
            if (value == null) {
                error(field, "未知的" + what + " '" + node.textValue() + "'，可选值：" + String.join("、", sortedKeys(values)));
            }
            return value;
        }

        private Boolean optionalBoolean(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isBoolean()) {
                error(field, "应为 true 或 false，实际是" + typeName(node));
                return null;
            }
            return node.booleanValue();
        }

        private LocalDate optionalDate(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                error(field, "应为日期字符串 YYYY-MM-DD，实际是" + typeName(node));
                return null;
            }
            try {
                LocalDate date = LocalDate.parse(node.textValue());
                LocalDate latest = LocalDate.now(clock.withZone(officeZone)).plusYears(MAX_YEARS_AHEAD);
                if (date.isAfter(latest)) {
                    error(field, "'" + node.textValue() + "' 太远了：最晚可设到 " + latest + "（" + MAX_YEARS_AHEAD + " 年内）");
                    return null;
                }
                return date;
            } catch (DateTimeParseException e) {
                error(field, "'" + node.textValue() + "' 不是有效日期，格式为 YYYY-MM-DD，例如 2026-12-04");
                return null;
            }
        }
    }

    private static List<String> sortedKeys(Map<String, ?> values) {
        return values.keySet().stream().sorted().toList();
    }

    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "字符串";
            case NUMBER -> "数字";
            case BOOLEAN -> "布尔值";
            case ARRAY -> "数组";
            case OBJECT -> "对象";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
