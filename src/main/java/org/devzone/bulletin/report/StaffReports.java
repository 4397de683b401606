package org.devzone.bulletin.report;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.bulletin.Publication;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.feedback.Feedback;
import org.devzone.bulletin.feedback.FeedbackStore;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.platform.BundledTemplates;
import org.devzone.bulletin.platform.MailParts;
import org.devzone.bulletin.receipt.ReceiptMatrix;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.devzone.bulletin.staff.StaffDirectory;
import org.devzone.bulletin.staff.StaffMember;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The office's own reports, mailed to the staff with {@code reports: true}: with every bulletin of a slot that carries
 * the receipt section (Monday), the receipt matrix (documents by zones, signed counts, overdue zones first); with every
 * bulletin of the digest slot (midweek), the feedback received since the last digest. A report is recorded when its
 * bulletin is published and sent after, retried on the cadence's tick until it goes (or gives up after 8 tries).
 */
public final class StaffReports implements Publication {

    private static final Logger LOG = LoggerFactory.getLogger(StaffReports.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final StaffReportStore store;
    private final ReceiptStore receipts;
    private final FeedbackStore feedback;
    private final ZoneDirectory zones;
    private final StaffDirectory staff;
    private final Function<String, Optional<Notice>> notices;
    private final Supplier<Schedule> schedule;
    private final String digestSlot;
    private final MailParts.Outgoing mail;
    private final Session session;
    private final InternetAddress from;
    private final String officeName;
    private final Clock clock;
    private final ZoneId officeZone;
    private final BundledTemplates templates = new BundledTemplates("/reports");

    /** Where reports go and come from. */
    public record Mail(MailParts.Outgoing sender, Session session, String fromAddress, String officeName) {}

    public StaffReports(
            DataSource dataSource,
            ReceiptStore receipts,
            FeedbackStore feedback,
            ZoneDirectory zones,
            StaffDirectory staff,
            Function<String, Optional<Notice>> notices,
            Supplier<Schedule> schedule,
            String digestSlot,
            Mail mail,
            Clock clock,
            ZoneId officeZone) {
        this.store = new StaffReportStore(dataSource);
        this.receipts = receipts;
        this.feedback = feedback;
        this.zones = zones;
        this.staff = staff;
        this.notices = notices;
        this.schedule = schedule;
        this.digestSlot = digestSlot;
        this.mail = mail.sender();
        this.session = mail.session();
        this.officeName = mail.officeName();
        this.clock = clock;
        this.officeZone = officeZone;
        try {
            this.from = new InternetAddress(mail.fromAddress(), mail.officeName(), "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A bulletin was published: records the reports it carries and tries to send them. A failure here is logged and
     * does not stop the bulletin (the reports are sent on a later tick).
     */
    @Override
    public void published(Bulletin bulletin) {
        try {
            onPublished(bulletin);
        } catch (RuntimeException e) {
            LOG.warn("The staff reports of bulletin {} could not be recorded: {}", bulletin.id(), e.toString());
        }
    }

    private void onPublished(Bulletin bulletin) {
        if (bulletin.kind() != Bulletin.Kind.SCHEDULED) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Slot> slot = schedule.get().find(bulletin.slot());
        boolean recorded = false;
        if (slot.isPresent() && slot.get().sections().contains(Slot.Section.RECEIPTS)) {
            recorded |= store.record("receipts@" + bulletin.id(), "receipts", bulletin.id(), null, now, now);
        }
        if (bulletin.slot().equals(digestSlot)) {
            OffsetDateTime since = store.lastCovered("feedback").orElse(null);
            recorded |= store.record("feedback@" + bulletin.id(), "feedback", bulletin.id(), since, now, now);
        }
        if (recorded) {
            sendPending();
        }
    }

    /** Sends what is recorded and not sent yet; called after publishing and on every cadence tick. */
    public synchronized void sendPending() {
        List<StaffMember> recipients =
                staff.members().stream().filter(StaffMember::reports).toList();
        for (StaffReportStore.Report report : store.pending()) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (recipients.isEmpty()) {
                store.finish(report.key(), "dead", "no staff with 'reports: true' in staff.yaml", now);
                continue;
            }
            try {
                Optional<MimeMessage> message = report.kind().equals("receipts")
                        ? receiptReport(recipients)
                        : feedbackDigest(recipients, report);
                if (message.isPresent()) {
                    mail.send(message.get());
                    LOG.info("Staff report {} sent to {} staff", report.key(), recipients.size());
                } else {
                    LOG.info("Staff report {}: nothing to report", report.key());
                }
                store.finish(report.key(), "sent", null, now);
            } catch (MessagingException | RuntimeException e) {
                boolean last = report.attempts() + 1 >= MAX_ATTEMPTS;
                store.finish(report.key(), last ? "dead" : "pending", e.toString(), now);
                LOG.warn(
                        "Staff report {} could not be sent{}: {}",
                        report.key(),
                        last ? " and is given up" : ", will retry",
                        e.toString());
            }
        }
    }

    private Optional<MimeMessage> receiptReport(List<StaffMember> recipients) throws MessagingException {
        LocalDate today = LocalDate.now(clock.withZone(officeZone));
        Map<String, Object> model = new HashMap<>(ReceiptMatrix.of(receipts, zones, today));
        model.put("office", officeName);
        model.put("date", today.toString());
        return Optional.of(message(recipients, "【签收情况】" + officeName + " " + today, "receipts", model));
    }

    private Optional<MimeMessage> feedbackDigest(List<StaffMember> recipients, StaffReportStore.Report report)
            throws MessagingException {
        List<Feedback> items = feedback.between(report.coversFrom(), report.coversTo());
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Feedback f : items) {
            Map<String, Object> item = new HashMap<>();
            item.put(
                    "zone",
                    f.zoneId() == null
                            ? "（无法对应到开发区）"
                            : zones.find(f.zoneId()).map(Zone::name).orElse(f.zoneId()));
            item.put("matched", f.matched());
            if (f.noticeId() != null) {
                notices.apply(f.noticeId()).ifPresent(n -> item.put("notice", n.title()));
            }
            if (f.author() != null) {
                item.put("author", f.author());
            }
            if (f.subject() != null) {
                item.put("subject", f.subject());
            }
            item.put("body", f.body().length() > 1000 ? f.body().substring(0, 1000) + "……" : f.body());
            item.put("receivedAt", SHOWN.format(f.receivedAt()));
            list.add(item);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("office", officeName);
        model.put("date", LocalDate.now(clock.withZone(officeZone)).toString());
        model.put("items", list);
        model.put("unmatched", items.stream().filter(f -> !f.matched()).count());
        return Optional.of(
                message(recipients, "【反馈摘要】" + officeName + " 收到 " + items.size() + " 条开发区反馈", "feedback", model));
    }

    private MimeMessage message(
            List<StaffMember> recipients, String subject, String template, Map<String, Object> model)
            throws MessagingException {
        // Identified under the sender's own domain (Jakarta Mail would take this host's name, often localhost).
        String address = from.getAddress();
        String messageId = "<" + UUID.randomUUID() + "@" + address.substring(address.lastIndexOf('@') + 1) + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from);
        List<InternetAddress> to = new ArrayList<>();
        for (StaffMember m : recipients) {
            try {
                to.add(new InternetAddress(m.email(), m.name(), "UTF-8"));
            } catch (UnsupportedEncodingException e) {
                throw new MessagingException("cannot encode " + m.name(), e);
            }
        }
        message.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
        message.setSubject(subject, "UTF-8");
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(render(template + ".txt.ftl", model), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(render(template + ".html.ftlh", model), "UTF-8", "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private String render(String name, Map<String, Object> model) {
        return templates.render(name, model);
    }
}
