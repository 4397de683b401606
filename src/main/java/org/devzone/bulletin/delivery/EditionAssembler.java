package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.bulletin.BulletinStore;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.notice.Attachment;
import org.devzone.bulletin.notice.Notice;
import org.devzone.bulletin.notice.NoticeStore;
import org.devzone.bulletin.receipt.ReceiptService;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;

/**
 * One zone's edition of a delivery's bulletin, as the templates read it: its notices (and their files, for email),
 * the name and template (a slot's, an urgent notice's own title, or a receipt reminder's), the generated sections,
 * the zone's receipt links and what it still owes on the day it is sent.
 */
final class EditionAssembler {

    private final BulletinStore bulletins;
    private final NoticeStore notices;
    private final ZoneDirectory zones;
    private final Supplier<Schedule> schedule;
    private final ReceiptService receipts;
    private final String officeName;
    private final ObjectMapper mapper;
    private final Clock clock;

    EditionAssembler(
            BulletinStore bulletins,
            NoticeStore notices,
            ZoneDirectory zones,
            Supplier<Schedule> schedule,
            ReceiptService receipts,
            String officeName,
            ObjectMapper mapper,
            Clock clock) {
        this.bulletins = bulletins;
        this.notices = notices;
        this.zones = zones;
        this.schedule = schedule;
        this.receipts = receipts;
        this.officeName = officeName;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Lookups for one message; {@code editionNotices} read beforehand for a batch, or null. */
    Lookups lookups(Map<String, List<String>> editionNotices) {
        return new Lookups(editionNotices);
    }

    /** One zone's edition of the delivery's bulletin, with its notices (and their files, for email). */
    EditionTemplates.Edition edition(Delivery d, boolean withFiles) {
        return edition(d, withFiles, lookups(null));
    }

    EditionTemplates.Edition edition(Delivery d, boolean withFiles, Lookups lookups) {
        Bulletin bulletin = lookups.bulletin(d.bulletinId());
        Zone zone = zones.find(d.zoneId())
                .orElseThrow(() -> new IllegalStateException("zone " + d.zoneId() + " is no longer in the directory"));
        Slot slot = schedule.get().find(bulletin.slot()).orElse(null);
        List<Notice> list = lookups.editionNotices(d.editionId()).stream()
                .map(lookups::notice)
                .toList();
        Map<String, List<Attachment>> attachments = new HashMap<>();
        if (withFiles) {
            list.stream()
                    .filter(n -> !n.attachments().isEmpty())
                    .forEach(n -> attachments.put(n.id(), lookups.attachments(n.id())));
        }
        boolean urgent = bulletin.kind() == Bulletin.Kind.URGENT;
        boolean reminder = bulletin.kind() == Bulletin.Kind.REMINDER;
        Map<String, Object> sections = sections(bulletin);
        // An urgent bulletin is its one notice: it is named by the notice's title, not by a weekly slot.
        String name = urgent && !list.isEmpty()
                ? list.get(0).title()
                : reminder ? "公文签收提醒" : slot != null ? slot.name() : bulletin.slot();
        return new EditionTemplates.Edition(
                officeName,
                bulletin.slot(),
                name,
                urgent ? "urgent" : reminder ? "reminder" : slot != null ? slot.template() : bulletin.slot(),
                bulletin.date(),
                urgent,
                zone.id(),
                zone.name(),
                zone.city(),
                list,
                attachments,
                sections,
                receipts.links(list, zone.id(), bulletin.date()),
                // Overdue as the zone reads it: on the day the edition is sent, not the occurrence's date.
                sections.containsKey("receipts") ? receipts.owed(zone.id(), LocalDate.now(clock)) : List.of(),
                receipts.pageLink(zone.id(), bulletin.date()));
    }

    /**
     * What the editions of one message read, read once: bulletins, notices and their files; for a batch, the notices of
     * every edition in one query (null: each edition's on demand).
     */
    final class Lookups {
        private final Map<String, List<String>> editionNotices;
        private final Map<String, Bulletin> bulletinsById = new HashMap<>();
        private final Map<String, Notice> noticesById = new HashMap<>();
        private final Map<String, List<Attachment>> files = new HashMap<>();

        Lookups(Map<String, List<String>> editionNotices) {
            this.editionNotices = editionNotices;
        }

        Bulletin bulletin(String id) {
            return bulletinsById.computeIfAbsent(id, k -> bulletins.header(k).orElseThrow());
        }

        List<String> editionNotices(String editionId) {
            return editionNotices == null
                    ? bulletins.editionNotices(editionId)
                    : editionNotices.getOrDefault(editionId, List.of());
        }

        Notice notice(String id) {
            return noticesById.computeIfAbsent(id, k -> notices.find(k).orElseThrow());
        }

        List<Attachment> attachments(String noticeId) {
            return files.computeIfAbsent(noticeId, notices::attachments);
        }
    }

    private Map<String, Object> sections(Bulletin bulletin) {
        if (bulletin.sections() == null) {
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> sections = mapper.readValue(bulletin.sections(), Map.class);
            return sections;
        } catch (IOException e) {
            throw new IllegalStateException("stored sections are not JSON", e);
        }
    }
}
