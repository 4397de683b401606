package org.devzone.bulletin.bulletin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.devzone.bulletin.calendar.WorkingCalendar;
import org.devzone.bulletin.receipt.ReceiptStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a receipt deadline (by default on the working day before it, from {@code remind-at}) the zones that have not
 * signed get one reminder on their channels: a bulletin of its own per notice, so it goes out once whatever runs it,
 * and only to those zones. A dispatcher that was down on that day reminds when it is back, until the deadline.
 */
public final class ReceiptReminders {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptReminders.class);

    private final ReceiptStore store;
    private final BulletinService bulletins;
    private final Supplier<WorkingCalendar> calendar;
    private final Clock clock;
    private final ZoneId officeZone;
    private final int workingDaysBefore;
    private final LocalTime at;

    public ReceiptReminders(
            ReceiptStore store,
            BulletinService bulletins,
            Supplier<WorkingCalendar> calendar,
            Clock clock,
            ZoneId officeZone,
            int workingDaysBefore,
            LocalTime at) {
        this.store = store;
        this.bulletins = bulletins;
        this.calendar = calendar;
        this.clock = clock;
        this.officeZone = officeZone;
        this.workingDaysBefore = workingDaysBefore;
        this.at = at;
    }

    /** Fires the reminders that are due; answers them. */
    public List<Bulletin> run() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(officeZone));
        LocalDate today = now.toLocalDate();
        Map<String, List<ReceiptStore.Row>> byNotice = new LinkedHashMap<>();
        for (ReceiptStore.Row row : store.pendingWithoutReminder()) {
            byNotice.computeIfAbsent(row.noticeId(), k -> new ArrayList<>()).add(row);
        }
        List<Bulletin> fired = new ArrayList<>();
        for (Map.Entry<String, List<ReceiptStore.Row>> notice : byNotice.entrySet()) {
            LocalDate deadline = notice.getValue().get(0).deadline();
            LocalDate remindOn = remindOn(deadline);
            boolean due = !today.isBefore(remindOn)
                    && !today.isAfter(deadline)
                    && (today.isAfter(remindOn) || !now.toLocalTime().isBefore(at));
            if (!due) {
                continue;
            }
            // A zone is reminded only of a document it had before the reminder day: one that reached it that day or
            // later (an urgent notice due tomorrow, a late edition) has just arrived and needs no reminder.
            List<String> zones = notice.getValue().stream()
                    .filter(row -> row.sentOn().isBefore(remindOn))
                    .map(ReceiptStore.Row::zoneId)
                    .distinct()
                    .toList();
            if (zones.isEmpty()) {
                continue;
            }
            bulletins.fireReminder(notice.getKey(), zones).ifPresent(b -> {
                LOG.info(
                        "Receipt reminder {} for notice {} ({}), deadline {}: {} zone(s) have not signed",
                        b.id(),
                        notice.getKey(),
                        notice.getValue().get(0).title(),
                        deadline,
                        zones.size());
                fired.add(b);
            });
        }
        return fired;
    }

    /** The working day {@code workingDaysBefore} working days before the deadline (the deadline itself for 0). */
    LocalDate remindOn(LocalDate deadline) {
        LocalDate day = deadline;
        WorkingCalendar days = calendar.get();
        for (int left = workingDaysBefore; left > 0; ) {
            day = day.minusDays(1);
            if (days.isWorkingDay(day)) {
                left--;
            }
        }
        return day;
    }
}
