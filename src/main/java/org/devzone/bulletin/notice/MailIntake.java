package org.devzone.bulletin.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailConstants;
import org.apache.camel.component.mail.MailMessage;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.MailParts;
import org.devzone.bulletin.platform.Refusal;
import org.devzone.bulletin.staff.StaffDirectory;
import org.devzone.bulletin.staff.StaffMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staff queue notices by mailing the intake mailbox. The subject is the title; leading tags pick the category
 * ({@code [案例]}, {@code [case]}, {@code 【工作提醒】}; information when none) and the priority ({@code [急]},
 * {@code [urgent]}); the text is the Markdown body; attachments stay attached; the notice goes to every zone. The mail
 * goes through the same validation as the REST API and is stored once however often it is read (its Message-ID is the
 * notice's external id). The sender is answered with the slot and date it was queued for, or with exactly what was
 * wrong. Mail from anyone who is not staff with {@code intake: true} is moved to the rejected folder, logged, and never
 * answered (no backscatter).
 */
public final class MailIntake {

    private static final Logger LOG = LoggerFactory.getLogger(MailIntake.class);
    private static final Pattern TAG = Pattern.compile("^\\s*(?:\\[([^\\]]{1,20})]|【([^】]{1,20})】)\\s*");
    private static final Map<String, Category> CATEGORIES = new HashMap<>();
    private static final Set<String> URGENT = Set.of("急", "紧急", "urgent");

    static {
        for (Category c : Category.values()) {
            CATEGORIES.put(c.wireName(), c);
            CATEGORIES.put(c.label(), c);
            CATEGORIES.put(c.label().substring(c.label().length() - 2), c); // 文件, 提醒, 信息, 案例, 报道, 小结
        }
        CATEGORIES.put("媒体", Category.MEDIA);
        CATEGORIES.put("小结", Category.SUMMARY);
    }

    private final NoticeService notices;
    private final StaffDirectory staff;
    private final ObjectMapper mapper;
    private final MailParts.Outgoing replies;
    private final Session session;
    private final InternetAddress from;
    private final String rejectedFolder;
    private final Function<String, Optional<String>> nextSending;

    /**
     * @param nextSending when a slot next goes out ({@code 2026-11-24（周二）10:00}), from the schedule and calendar
     */
    public MailIntake(
            NoticeService notices,
            StaffDirectory staff,
            ObjectMapper mapper,
            MailParts.Outgoing replies,
            Session session,
            String fromAddress,
            String officeName,
            String rejectedFolder,
            Function<String, Optional<String>> nextSending) {
        this.nextSending = nextSending;
        this.notices = notices;
        this.staff = staff;
        this.mapper = mapper;
        this.replies = replies;
        this.session = session;
        this.rejectedFolder = rejectedFolder;
        try {
            this.from = new InternetAddress(fromAddress, officeName, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The step of the intake-mailbox route. */
    public void receive(Exchange exchange) throws MessagingException, IOException {
        Message mail = exchange.getIn(MailMessage.class).getOriginalMessage();
        String sender =
                mail.getFrom() != null && mail.getFrom().length > 0 && mail.getFrom()[0] instanceof InternetAddress a
                        ? a.getAddress()
                        : null;
        Optional<StaffMember> member = staff.byEmail(sender).filter(StaffMember::intake);
        if (member.isEmpty()) {
            exchange.getIn().setHeader(MailConstants.MAIL_MOVE_TO, rejectedFolder);
            LOG.warn(
                    "Intake mail from {} refused: not staff allowed to queue notices (staff.yaml); moved to '{}',"
                            + " not answered (subject: {})",
                    sender,
                    rejectedFolder,
                    mail.getSubject());
            return;
        }
        String subject = mail.getSubject() == null ? "" : mail.getSubject();
        String messageId = mail.getHeader("Message-ID") == null ? null : mail.getHeader("Message-ID")[0];
        String reply;
        try {
            ObjectNode json = draft(subject, mail, member.get());
            String key = messageId == null ? null : "mail:" + shortened(messageId.replaceAll("[<>]", ""));
            if (key != null) {
                json.put("externalId", key);
            }
            NoticeStore.Stored stored = notices.accept(mapper.writeValueAsBytes(json), "email", key);
            Notice notice = stored.notice();
            Slot slot = notices.schedule().find(notice.slot()).orElse(null);
            reply = (stored.created() ? "您的通知已收到并排入发送队列。" : "这封邮件此前已收到，通知已在队列中，没有重复排入。")
                    + "\n\n标题：" + notice.title()
                    + "\n分类：" + notice.category().label()
                    + (notice.priority().wireName().equals("urgent")
                            ? "\n优先级：紧急（即刻单独发送）"
                            : "\n发送时段：" + (slot == null ? notice.slot() : slot.name())
                                    + nextSending
                                            .apply(notice.slot())
                                            .map(when -> "，预计 " + when + " 随公报发出")
                                            .orElse(""))
                    + "\n附件：" + notice.attachments().size() + " 个"
                    + "\n编号：" + notice.id();
            LOG.info(
                    "Notice {} queued by email from {} ({})",
                    notice.id(),
                    member.get().name(),
                    sender);
        } catch (Refusal refused) {
            StringBuilder why = new StringBuilder("您的邮件未能排入发送队列，请修改后重新发送：\n");
            if (refused.errors().isEmpty()) {
                why.append("\n- ").append(refused.getMessage());
            }
            for (FieldError error : refused.errors()) {
                why.append("\n- ").append(fieldName(error.field())).append("：").append(error.message());
            }
            why.append("\n\n邮件主题即通知标题，可用 [文件] [提醒] [信息] [案例] [媒体] 开头指定分类，[急] 表示紧急；正文为通知内容，附件随通知发送。");
            reply = why.toString();
            LOG.info("Intake mail from {} refused: {}", sender, refused.getMessage());
        }
        MimeMessage answer = new MimeMessage(session);
        answer.setFrom(from);
        answer.setRecipients(Message.RecipientType.TO, mail.getFrom());
        answer.setSubject("回复：" + subject, "UTF-8");
        if (messageId != null) {
            answer.setHeader("In-Reply-To", messageId);
            answer.setHeader("References", messageId);
        }
        // Never answer an answer: auto-responders must not loop on this.
        answer.setHeader("Auto-Submitted", "auto-replied");
        answer.setText(reply, "UTF-8");
        answer.saveChanges();
        replies.send(answer);
    }

    private ObjectNode draft(String subject, Message mail, StaffMember member) throws MessagingException, IOException {
        Category category = Category.INFORMATION;
        boolean urgent = false;
        String title = subject;
        for (Matcher m = TAG.matcher(title); m.find(); m = TAG.matcher(title)) {
            String tag = (m.group(1) != null ? m.group(1) : m.group(2)).strip().toLowerCase(Locale.ROOT);
            if (URGENT.contains(tag)) {
                urgent = true;
            } else if (CATEGORIES.containsKey(tag)) {
                category = CATEGORIES.get(tag);
            } else {
                break; // not a tag of ours: part of the title
            }
            title = title.substring(m.end());
        }
        ObjectNode json = mapper.createObjectNode();
        json.put("category", category.wireName());
        json.put("title", title.strip());
        json.put("author", member.name());
        json.put("priority", urgent ? "urgent" : "normal");
        json.putObject("audience").put("all", true);
        json.put("body", MailParts.text(mail).strip());
        List<MailParts.File> files = MailParts.files(mail);
        if (!files.isEmpty()) {
            ArrayNode attachments = json.putArray("attachments");
            for (MailParts.File file : files) {
                attachments
                        .addObject()
                        .put("name", file.name())
                        .put("contentType", file.contentType())
                        .put("contentBase64", Base64.getEncoder().encodeToString(file.content()));
            }
        }
        return json;
    }

    /** A Message-ID as an external id: itself when short, else a digest of it. */
    private static String shortened(String id) {
        if (id.length() <= NoticeDraft.MAX_EXTERNAL_ID - 5) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fieldName(String field) {
        return switch (field) {
            case "title" -> "标题（邮件主题）";
            case "body" -> "正文";
            case "attachments" -> "附件";
            default -> field.startsWith("attachments") ? "附件" : field;
        };
    }
}
