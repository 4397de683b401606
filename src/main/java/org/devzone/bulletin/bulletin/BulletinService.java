package org.devzone.bulletin.bulletin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.devzone.bulletin.cadence.Category;
import org.devzone.bulletin.cadence.Occurrence;
import org.devzone.bulletin.cadence.Planner;
import org.devzone.bulletin.cadence.Slot;
import org.devzone.bulletin.notice.AudienceJson;
import org.devzone.bulletin.notice.QueuedNotices;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.Nodes;
import org.devzone.bulletin.platform.Refusal;
import org.devzone.bulletin.zone.Audience;
import org.devzone.bulletin.zone.Zone;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns occurrences into bulletins. A bulletin for (slot, date) takes the queued notices its slot carries whose
 * notBefore has come, urgent first then oldest first, up to the slot's max-items; each zone gets an edition with the
 * notices addressed to it (and the slot's generated sections); a zone with nothing gets no edition. Firing the same
 * occurrence again returns the first bulletin. A published bulletin is handed on (to the fan-out of its deliveries).
 */
public final class BulletinService {

    private static final Logger LOG = LoggerFactory.getLogger(BulletinService.class);
    /** An assembled bulletin this old is no one's to publish (50,000 zones' editions take seconds): the sweep's. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(10);

    private final BulletinStore store;
    private final QueuedNotices queue;
    private final GeneratedSections sections;
    private final Supplier<Planner> planner;
    private final ZoneDirectory zones;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final List<Publication> publications;

    /** @param planner the schedule and calendar running now (they can change while the dispatcher runs) */
    public BulletinService(
            BulletinStore store,
            QueuedNotices queue,
            GeneratedSections sections,
            Supplier<Planner> planner,
            ZoneDirectory zones,
            ObjectMapper mapper,
            Clock clock,
            List<Publication> publications) {
        this.publications = List.copyOf(publications);
        this.store = store;
        this.queue = queue;
        this.sections = sections;
        this.planner = planner;
        this.zones = zones;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Fires an occurrence the planner produced. */
    public BulletinStore.Created fire(Occurrence occurrence, String firedBy) {
        Slot slot = occurrence.slot();
        List<String> categories =
                slot.categories().stream().map(Category::wireName).sorted().toList();
        List<QueuedNotices.Candidate> candidates = queue.candidates(categories, occurrence.date(), slot.maxItems());
        String sections = this.sections.of(slot, occurrence.date());
        BulletinStore.Plan plan = new BulletinStore.Plan(
                Bulletin.occurrenceKey(slot.id(), occurrence.date()),
                slot.id(),
                occurrence.date(),
                Bulletin.Kind.SCHEDULED,
                firedBy,
                occurrence.provisional(),
                candidates.stream().map(QueuedNotices.Candidate::id).toList(),
                editions(candidates, sections != null),
                sections);
        return publishIfNew(store.create(plan, now()));
    }

    /**
     * An admin's fire of a slot on a date (today when null). The slot must fire that day; firing it again, or after
     * the schedule did, returns the bulletin already there.
     *
     * @throws Refusal 404 for an unknown slot, 400 when the slot does not fire on that date
     */
    public BulletinStore.Created fireManually(String slotId, LocalDate date) {
        return fire(occurrence(slotId, date), "manual");
    }

    /** The occurrence of a slot on a date (today when null), or the answer an admin can act on. */
    private Occurrence occurrence(String slotId, LocalDate date) {
        Slot slot = planner.get()
                .schedule()
                .find(slotId)
                .orElseThrow(() -> Refusal.notFound("没有名为 " + slotId + " 的时段；可用时段："
                        + String.join(
                                "、",
                                planner.get().schedule().slots().stream()
                                        .map(Slot::id)
                                        .toList())));
        LocalDate day = date != null ? date : today();
        return planner.get()
                .on(slot, day)
                .orElseThrow(() -> Refusal.invalid(
                        "该日期没有此时段",
                        List.of(new FieldError("date", slotId + " 在 " + day + " 不发送" + nextOccurrence(slot, day)))));
    }

    /** One zone's edition of an occurrence: what went out if it fired, else what would go out now. */
    public record EditionPreview(
            Slot slot, LocalDate date, Zone zone, List<String> noticeIds, String sections, String bulletinId) {}

    /**
     * Assembles one zone's edition without storing or sending anything; for an occurrence that already fired, the
     * edition it sent. Without a date, the slot's occurrence today or its next one.
     *
     * @throws Refusal 404 for an unknown slot or zone, 400 when the slot does not fire on that date
     */
    public EditionPreview previewEdition(String slotId, LocalDate date, String zoneId) {
        Zone zone = zones.find(zoneId).orElseThrow(() -> Refusal.notFound("没有 id 为 " + zoneId + " 的开发区"));
        // Without a date: the slot's occurrence today, else its next one (what "before it goes out" means).
        LocalDate day = date != null
                ? date
                : planner.get().between(today(), today().plusWeeks(6)).stream()
                        .filter(o -> o.slot().id().equals(slotId))
                        .map(Occurrence::date)
                        .findFirst()
                        .orElse(null);
        Occurrence occurrence = occurrence(slotId, day);
        Slot slot = occurrence.slot();
        var fired = store.findByKey(Bulletin.occurrenceKey(slot.id(), occurrence.date()));
        if (fired.isPresent()) {
            Bulletin bulletin = fired.get();
            List<String> notices = bulletin.editions().stream()
                    .filter(e -> e.zoneId().equals(zoneId))
                    .findFirst()
                    .map(Bulletin.Edition::noticeIds)
                    .orElse(List.of());
            return new EditionPreview(slot, occurrence.date(), zone, notices, bulletin.sections(), bulletin.id());
        }
        List<String> categories =
                slot.categories().stream().map(Category::wireName).sorted().toList();
        List<QueuedNotices.Candidate> candidates = queue.candidates(categories, occurrence.date(), slot.maxItems());
        List<String> notices = editions(candidates, false).getOrDefault(zoneId, List.of());
        return new EditionPreview(
                slot, occurrence.date(), zone, notices, this.sections.of(slot, occurrence.date()), null);
    }

    /** Every queued urgent notice whose notBefore has come becomes a one-notice bulletin now. */
    public List<Bulletin> fireUrgent() {
        List<Bulletin> fired = new ArrayList<>();
        LocalDate today = today();
        for (QueuedNotices.Candidate urgent : queue.urgentCandidates(today)) {
            String slot = queue.slotOf(urgent.id());
            BulletinStore.Plan plan = new BulletinStore.Plan(
                    Bulletin.urgentKey(urgent.id()),
                    slot,
                    today,
                    Bulletin.Kind.URGENT,
                    "urgent",
                    false,
                    List.of(urgent.id()),
                    editions(List.of(urgent), false),
                    null);
            BulletinStore.Created created = publishIfNew(store.create(plan, now()));
            if (created.created()) {
                fired.add(created.bulletin());
            }
        }
        return fired;
    }

    /**
     * The reminder to sign for a notice, to the zones given (those that have not signed): fired once per notice, so
     * a second call changes nothing. Empty when it was fired before.
     */
    public Optional<Bulletin> fireReminder(String noticeId, List<String> zoneIds) {
        return fireReminder(noticeId, zoneIds, Bulletin.reminderKey(noticeId));
    }

    /**
     * A reminder staff send now to zones that have not signed, besides the automatic one: once per {@code request}
     * (the form that asked for it), however often that form is posted.
     */
    public Optional<Bulletin> remindNow(String noticeId, List<String> zoneIds, String request) {
        return fireReminder(noticeId, zoneIds, Bulletin.reminderKey(noticeId) + "@" + request);
    }

    private Optional<Bulletin> fireReminder(String noticeId, List<String> zoneIds, String key) {
        Map<String, List<String>> editions = new LinkedHashMap<>();
        zoneIds.forEach(zone -> editions.put(zone, List.of(noticeId)));
        BulletinStore.Plan plan = new BulletinStore.Plan(
                key,
                queue.slotOf(noticeId),
                today(),
                Bulletin.Kind.REMINDER,
                "reminder",
                false,
                List.of(),
                editions,
                null);
        BulletinStore.Created created = publishIfNew(store.create(plan, now()));
        return created.created() ? Optional.of(created.bulletin()) : Optional.empty();
    }

    private Nodes nodes;

    /** The processes sharing the database, so that the sweep knows whose assembled bulletins are orphaned. */
    public void processes(Nodes nodes) {
        this.nodes = nodes;
    }

    /**
     * On every node's sweep: publishes the bulletins a process that died left assembled, and those whose assembly
     * failed midway ({@link #STUCK_AFTER} ago); a live process's others are its own to publish.
     */
    public void publishOrphans() {
        if (nodes == null) {
            return;
        }
        for (String id : store.assembledByStoppedProcesses(nodes.dead(), now().minus(STUCK_AFTER))) {
            if (finish(id)) {
                LOG.info("Bulletin {} published: its process stopped, or failed, before publishing it", id);
            }
        }
    }

    /**
     * Publishes bulletins left assembled, for example by a crash between assembling and publishing: the editions not
     * yet written are written, and all are handed over (the ledger keeps one delivery of each edition a channel).
     */
    public void publishPending() {
        for (String id : store.unpublished()) {
            if (finish(id)) {
                LOG.info("Bulletin {} published after a restart", id);
            }
        }
    }

    /** Writes the rest of an assembled bulletin's editions, publishes it and hands it over; false if it was not. */
    private boolean finish(String id) {
        while (!store.writeEditions(id).isEmpty()) {
            // each chunk written once; all are handed over below
        }
        if (!store.publish(id, now())) {
            return false;
        }
        handOver(store.find(id).orElseThrow());
        return true;
    }

    /**
     * Writes a new bulletin's editions a chunk at a time, each chunk handed over (its deliveries recorded and queued)
     * before the next is written, then publishes it.
     */
    private BulletinStore.Created publishIfNew(BulletinStore.Created created) {
        Bulletin bulletin = created.bulletin();
        if (created.created() && bulletin.status() == Bulletin.Status.ASSEMBLED) {
            for (List<Bulletin.Edition> chunk = store.writeEditions(bulletin.id());
                    !chunk.isEmpty();
                    chunk = store.writeEditions(bulletin.id())) {
                for (Publication publication : publications) {
                    publication.editions(bulletin, chunk);
                }
            }
            store.publish(bulletin.id(), now());
            bulletin = store.find(bulletin.id()).orElseThrow();
            announce(bulletin);
            LOG.atInfo()
                    .addKeyValue("bulletin", bulletin.id())
                    .addKeyValue("slot", bulletin.slot())
                    .addKeyValue("state", "fired")
                    .log(
                            "Bulletin {} fired: {} on {} ({}{}), {} notice(s) in {} edition(s)",
                            bulletin.id(),
                            bulletin.slot(),
                            bulletin.date(),
                            bulletin.firedBy(),
                            bulletin.provisional() ? ", provisional calendar" : "",
                            bulletin.noticeIds().size(),
                            bulletin.editions().size());
            return new BulletinStore.Created(bulletin, true);
        }
        return created;
    }

    /** Per zone, in directory order, the candidates addressed to it; every zone when the slot has sections. */
    private Map<String, List<String>> editions(List<QueuedNotices.Candidate> candidates, boolean sectionsForAll) {
        Map<String, List<String>> editions = new LinkedHashMap<>();
        List<Audience> audiences = new ArrayList<>();
        for (QueuedNotices.Candidate candidate : candidates) {
            try {
                audiences.add(AudienceJson.read(mapper.readTree(candidate.audience())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored audience of notice " + candidate.id() + " is not JSON", e);
            }
        }
        for (Zone zone : zones.zones()) {
            List<String> notices = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                if (audiences.get(i).includes(zone)) {
                    notices.add(candidates.get(i).id());
                }
            }
            if (!notices.isEmpty() || sectionsForAll) {
                editions.put(zone.id(), notices);
            }
        }
        return editions;
    }

    private String nextOccurrence(Slot slot, LocalDate day) {
        return planner.get().between(day, day.plusWeeks(6)).stream()
                .filter(o -> o.slot().id().equals(slot.id()))
                .findFirst()
                .map(o -> "；下一次是 " + o.date() + " " + o.time())
                .orElse("");
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(planner.get().schedule().timeZone()));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(planner.get().schedule().timeZone()));
    }

    /** Hands a published bulletin over to each {@link Publication}, in order: all its editions, then published. */
    private void handOver(Bulletin bulletin) {
        publications.forEach(p -> p.editions(bulletin, bulletin.editions()));
        announce(bulletin);
    }

    /** Tells each {@link Publication} the bulletin is published (its editions handed over); records it handed over. */
    private void announce(Bulletin bulletin) {
        publications.forEach(p -> p.published(bulletin));
        store.handedOver(bulletin.id(), now());
    }
}
