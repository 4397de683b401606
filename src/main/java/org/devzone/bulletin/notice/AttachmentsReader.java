package org.devzone.bulletin.notice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.devzone.bulletin.platform.FieldError;

/**
 * A notice's {@code attachments}: each a file name without path, a valid MIME type and Base64 content, 10 MiB in all.
 * Every problem is reported against its field ({@code attachments[0].contentType}).
 */
final class AttachmentsReader {

    private static final Set<String> ATTACHMENT_FIELDS = Set.of("name", "contentType", "contentBase64");
    /** RFC 2045: type/subtype, then {@code ; attribute=value} parameters, the value a token or a quoted string. */
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    private static final Pattern CONTENT_TYPE = Pattern.compile(TOKEN + "/" + TOKEN + "(?:[ \\t]*;[ \\t]*" + TOKEN
            + "=(?:" + TOKEN + "|\"(?:[^\"\\\\\\p{Cntrl}]|\\\\[^\\p{Cntrl}])*\"))*[ \\t]*");
    private static final int MAX_CONTENT_TYPE = 255;
    private static final int MAX_ATTACHMENT_NAME = 255;

    private final List<FieldError> errors;

    /** @param errors where the problems found are added */
    AttachmentsReader(List<FieldError> errors) {
        this.errors = errors;
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** The attachments field ({@code node} may be null): each file decoded, or its problems reported. */
    List<Attachment> read(JsonNode node) {
        List<Attachment> attachments = new ArrayList<>();
        if (node == null || node.isNull()) {
            return attachments;
        }
        if (!node.isArray()) {
            error("attachments", "应为数组，实际是" + NoticeParser.typeName(node));
            return attachments;
        }
        long total = 0;
        for (int i = 0; i < node.size(); i++) {
            String field = "attachments[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                error(field, "应为对象 {\"name\", \"contentType\", \"contentBase64\"}，实际是" + NoticeParser.typeName(item));
                continue;
            }
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!ATTACHMENT_FIELDS.contains(name)) {
                    error(field + "." + name, "未知字段；可用字段：name、contentType、contentBase64");
                }
            }
            String name = attachmentText(item, field + ".name");
            if (name != null
                    && (name.length() > MAX_ATTACHMENT_NAME
                            || name.contains("/")
                            || name.contains("\\")
                            || NoticeParser.CONTROL.matcher(name).find())) {
                error(field + ".name", "文件名最多 255 个字符，且不能包含 / \\ 或控制字符");
                name = null;
            }
            String contentType = attachmentText(item, field + ".contentType");
            if (contentType != null && contentType.length() > MAX_CONTENT_TYPE) {
                error(field + ".contentType", "最多 " + MAX_CONTENT_TYPE + " 个字符");
                contentType = null;
            } else if (contentType != null && !CONTENT_TYPE.matcher(contentType).matches()) {
                error(
                        field + ".contentType",
                        "'" + contentType.replaceAll("\\p{Cntrl}", "?")
                                + "' 不是有效的 MIME 类型，例如 application/pdf 或 text/plain; charset=utf-8");
                contentType = null;
            }
            String base64 = attachmentText(item, field + ".contentBase64");
            byte[] content = null;
            if (base64 != null) {
                String compact = base64.replaceAll("\\s", "");
                if (compact.length() / 4L * 3 > NoticeDraft.MAX_ATTACHMENT_BYTES) {
                    total += compact.length() / 4L * 3;
                } else {
                    try {
                        content = Base64.getDecoder().decode(compact);
                        total += content.length;
                        if (content.length == 0) {
                            error(field + ".contentBase64", "附件内容为空");
                            content = null;
                        }
                    } catch (IllegalArgumentException e) {
                        error(field + ".contentBase64", "不是有效的 Base64 编码");
                    }
                }
            }
            if (name != null && contentType != null && content != null) {
                attachments.add(new Attachment(name, contentType, content));
            }
        }
        if (total > NoticeDraft.MAX_ATTACHMENT_BYTES) {
            error("attachments", "附件合计超过 10 MiB（当前约 " + String.format("%.1f", total / 1048576.0) + " MiB）");
        }
        return attachments;
    }

    private String attachmentText(JsonNode item, String field) {
        JsonNode node = item.get(field.substring(field.lastIndexOf('.') + 1));
        if (node == null || node.isNull()) {
            error(field, "必填");
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            error(field, node.isTextual() ? "不能为空" : "应为字符串，实际是" + NoticeParser.typeName(node));
            return null;
        }
        if (NoticeParser.hasLoneSurrogate(node.textValue())) {
            error(field, "含有无效的 Unicode 字符（不成对的代理项），请检查文字的编码");
            return null;
        }
        return node.textValue().strip();
    }
}
