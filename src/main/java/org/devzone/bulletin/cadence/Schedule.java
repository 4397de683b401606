package org.devzone.bulletin.cadence;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The office's bulletin slots from {@code schedule.yaml}. */
public record Schedule(ZoneId timeZone, List<Slot> slots, Duration catchUp) {

    public Schedule {
        Objects.requireNonNull(timeZone, "timeZone");
        slots = List.copyOf(slots);
    }

    /**
     * Whether an occurrence that passed while the service was down is still sent at {@code now}: within the
     * {@code catch-up} duration when one is configured, else on the same working day.
     */
    public boolean catchesUp(Occurrence occurrence, ZonedDateTime now) {
        if (catchUp != null) {
            return !occurrence.at(timeZone).plus(catchUp).isBefore(now);
        }
        return occurrence.date().equals(now.toLocalDate());
    }

    /** The slot that carries a category; the loader guarantees there is exactly one. */
    public Slot slotFor(Category category) {
        return slots.stream()
                .filter(s -> s.carries(category))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no slot carries " + category.wireName()));
    }

    public Optional<Slot> find(String id) {
        return slots.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
