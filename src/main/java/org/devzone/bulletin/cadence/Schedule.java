package org.devzone.bulletin.cadence;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.devzone.bulletin.notice.Category;

/** The office's bulletin slots from {@code schedule.yaml}. */
public record Schedule(ZoneId timeZone, List<Slot> slots) {

    public Schedule {
        Objects.requireNonNull(timeZone, "timeZone");
        slots = List.copyOf(slots);
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
