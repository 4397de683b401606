package org.devzone.bulletin.notice;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.devzone.bulletin.cadence.Schedule;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.Refusal;
import org.devzone.bulletin.platform.StoreException;

/** Accepts, lists and withdraws notices, whichever way they arrive. */
public final class NoticeService {

    private final NoticeParser parser;
    private final NoticeStore store;
    private final Supplier<Schedule> schedule;
    private final Clock clock;

    /** @param schedule the schedule running now (it can change while the dispatcher runs) */
    private final Consumer<String> queued;

    private final Runnable urgentQueued;

    /**
     * @param queued told the source of every newly stored notice (for the metrics)
     * @param urgentQueued told when a new urgent notice is stored, so that it goes out at once
     */
    public NoticeService(
            NoticeParser parser,
            NoticeStore store,
            Supplier<Schedule> schedule,
            Clock clock,
            Consumer<String> queued,
            Runnable urgentQueued) {
        this.queued = queued;
        this.urgentQueued = urgentQueued;
        this.parser = parser;
        this.store = store;
        this.schedule = schedule;
        this.clock = clock;
    }

    /**
     * Validates and stores a notice exactly once.
     *
     * @param intakeKey a transport-level key that identifies redeliveries of the same message, or null
     * @throws Refusal (400) when the notice is invalid
     */
    public NoticeStore.Stored accept(byte[] json, String source, String intakeKey) {
        NoticeDraft draft = parser.parse(json);
        String slot = schedule.get().slotFor(draft.category()).id();
        NoticeStore.Stored stored;
        try {
            stored = store.store(draft, slot, source, intakeKey, now());
        } catch (StoreException e) {
            if (!e.dataRefused()) {
                throw e; // the database is away, or a bug: not the notice's fault
            }
            // A check above let through what the database refuses: still the notice's problem, and said as one.
            throw Refusal.invalid(
                    "通知内容无法保存",
                    List.of(new FieldError(
                            "$",
                            "数据库拒绝了这条通知的内容（"
                                    + e.getCause()
                                            .getMessage()
                                            .lines()
                                            .findFirst()
                                            .orElse("") + "），请检查各字段的长度和取值")));
        }
        if (stored.created()) {
            queued.accept(source);
            if (draft.priority() == Priority.URGENT) {
                urgentQueued.run();
            }
        }
        return stored;
    }

    /**
     * Checks a notice without storing it.
     *
     * @throws Refusal (400) when the notice is invalid
     */
    public NoticeDraft check(byte[] json) {
        return parser.parse(json);
    }

    public Optional<Notice> find(String id) {
        return store.find(id);
    }

    public NoticePage list(NoticeFilter filter) {
        return store.list(filter);
    }

    /**
     * Withdraws a queued notice; withdrawing one that is already withdrawn changes nothing.
     *
     * @throws Refusal 404 when there is no such notice, 409 once a bulletin has taken it
     */
    public Notice withdraw(String id) {
        NoticeStore.Withdrawal result =
                store.withdraw(id, now()).orElseThrow(() -> Refusal.notFound("没有 id 为 " + id + " 的通知"));
        Notice notice = result.notice();
        if (!result.changed() && notice.status() != NoticeStatus.WITHDRAWN) {
            throw Refusal.conflict("通知“" + notice.title() + "”已"
                    + (notice.status() == NoticeStatus.SENT ? "随公报发出" : "编入待发的公报") + "，不能撤回");
        }
        return notice;
    }

    public Schedule schedule() {
        return schedule.get();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(schedule.get().timeZone()));
    }
}
