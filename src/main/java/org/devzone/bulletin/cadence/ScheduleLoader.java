package org.devzone.bulletin.cadence;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.devzone.bulletin.config.ConfigMap;
import org.devzone.bulletin.config.ConfigNode;
import org.devzone.bulletin.config.ConfigProblems;
import org.quartz.CronExpression;

/** Reads and validates {@code schedule.yaml}. Every category must be carried by exactly one slot. */
public final class ScheduleLoader {

    private static final List<String> SLOT_FIELDS =
            List.of("id", "name", "categories", "sections", "on", "at", "cron", "on-day-off", "template", "max-items");
    private static final Map<String, Slot.Anchor> ANCHORS = byWireName(Slot.Anchor.values(), Slot.Anchor::wireName);
    private static final Map<String, Slot.DayOffRule> DAY_OFF_RULES =
            byWireName(Slot.DayOffRule.values(), Slot.DayOffRule::wireName);
    private static final Map<String, Slot.Section> SECTIONS = byWireName(Slot.Section.values(), Slot.Section::wireName);
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("H:mm");

    private ScheduleLoader() {}

    public static Schedule load(Path file) {
        ConfigNode root = ConfigNode.read(file);
        ConfigProblems problems = new ConfigProblems();
        ConfigMap top = new ConfigMap(root, "schedule", problems, List.of("time-zone", "catch-up", "slots"));
        ZoneId timeZone = ZoneId.of("Asia/Shanghai");
        Optional<String> zoneText = top.optionalText("time-zone");
        if (zoneText.isPresent()) {
            try {
                timeZone = ZoneId.of(zoneText.get());
            } catch (DateTimeException e) {
                top.problem("time-zone", "'" + zoneText.get() + "' is not a time zone such as Asia/Shanghai");
            }
        }
        Duration catchUp = null;
        Optional<String> catchUpText = top.optionalText("catch-up");
        if (catchUpText.isPresent() && !catchUpText.get().equals("same-working-day")) {
            try {
                catchUp = Duration.parse(catchUpText.get());
                if (catchUp.isNegative()) {
                    top.problem("catch-up", "must not be negative");
                }
            } catch (DateTimeParseException e) {
                top.problem(
                        "catch-up",
                        "'" + catchUpText.get() + "' is neither same-working-day nor a duration such as PT2H");
            }
        }
        List<Slot> slots = new ArrayList<>();
        Map<String, ConfigNode> seenIds = new HashMap<>();
        Map<Category, String> carrier = new EnumMap<>(Category.class);
        List<ConfigNode> entries = top.get("slots").map(ConfigNode::items).orElse(List.of());
        if (entries.isEmpty()) {
            top.problem("slots", "no slots are defined; each category needs a slot that carries it");
        }
        for (int i = 0; i < entries.size(); i++) {
            ConfigNode node = entries.get(i);
            String id = node.peekText("id").orElse("");
            ConfigMap slot =
                    new ConfigMap(node, id.isEmpty() ? "slot #" + (i + 1) : "slot '" + id + "'", problems, SLOT_FIELDS);
            readSlot(slot, id, seenIds, carrier).ifPresent(slots::add);
        }
        for (Category category : Category.values()) {
            if (!carrier.containsKey(category) && !entries.isEmpty()) {
                top.problem(
                        "slots",
                        "no slot carries category '" + category.wireName()
                                + "'; notices of that kind would never go out");
            }
        }
        problems.throwIfAny();
        return new Schedule(timeZone, slots, catchUp);
    }

    private static Optional<Slot> readSlot(
            ConfigMap slot, String id, Map<String, ConfigNode> seenIds, Map<Category, String> carrier) {
        slot.requiredText("id", ConfigMap.SLUG, "a lower-case slug such as 'friday-reminders'");
        if (!id.isEmpty() && seenIds.putIfAbsent(id, slot.node()) != null) {
            slot.problem(
                    "id",
                    "duplicate slot id '" + id + "' (first defined at line "
                            + seenIds.get(id).line() + ")");
        }
        String name = slot.optionalText("name").orElse(id);
        Set<Category> categories = EnumSet.noneOf(Category.class);
        List<String> categoryNames = slot.textList("categories");
        for (String text : categoryNames) {
            Category category = Category.BY_NAME.get(text);
            if (category == null) {
                slot.problem(
                        "categories",
                        "unknown category '" + text + "' (expected one of "
                                + String.join(", ", Category.BY_NAME.keySet()) + ")");
            } else if (carrier.containsKey(category)) {
                slot.problem(
                        "categories",
                        "category '" + text + "' is already carried by slot '" + carrier.get(category)
                                + "'; a category belongs to exactly one slot");
            } else {
                categories.add(category);
                carrier.put(category, id);
            }
        }
        Optional<Slot.Anchor> anchor = slot.optionalEnum("on", ANCHORS);
        Optional<String> cron = slot.optionalText("cron");
        if (cron.isPresent() && !CronExpression.isValidExpression(cron.get())) {
            slot.problem(
                    "cron",
                    "'" + cron.get() + "' is not a Quartz cron rule (seconds minutes hours day-of-month month"
                            + " day-of-week [year]), for example \"0 0 9 1 * ?\" for 09:00 on the 1st of each month");
        }
        LocalTime at = readTime(slot);
        Slot.DayOffRule onDayOff =
                slot.optionalEnum("on-day-off", DAY_OFF_RULES).orElse(null);
        boolean hasOn = slot.optionalText("on").isPresent();
        if (hasOn == cron.isPresent()) {
            slot.problem(
                    "on",
                    "give either 'on' (" + String.join(", ", ANCHORS.keySet()) + ") or 'cron', exactly one of them");
        } else if (hasOn && at == null && slot.optionalText("at").isEmpty()) {
            slot.problem("at", "is required with 'on' (a time of day such as \"09:00\")");
        } else if (cron.isPresent() && slot.optionalText("at").isPresent()) {
            slot.problem("at", "a cron slot takes its time from the cron rule; remove 'at'");
        }
        if (cron.isPresent() && onDayOff == null) {
            onDayOff = Slot.DayOffRule.SKIP;
        } else if (hasOn && onDayOff != null) {
            slot.problem("on-day-off", "only applies to cron slots; anchored slots always fall on working days");
        }
        String template = slot.optionalText("template").orElse(id);
        int maxItems = slot.optionalInt("max-items", 20, 1, 500);
        Set<Slot.Section> sections = EnumSet.noneOf(Slot.Section.class);
        for (String text : slot.textList("sections")) {
            Slot.Section section = SECTIONS.get(text);
            if (section == null) {
                slot.problem(
                        "sections",
                        "unknown section '" + text + "' (expected " + String.join(", ", SECTIONS.keySet()) + ")");
            } else {
                sections.add(section);
            }
        }
        if (id.isEmpty()
                || !ConfigMap.SLUG.matcher(id).matches()
                || categories.isEmpty()
                || cron.isPresent() && !CronExpression.isValidExpression(cron.get())
                || hasOn == cron.isPresent()
                || hasOn && (anchor.isEmpty() || at == null)) {
            if (categoryNames.isEmpty()) {
                slot.problem("categories", "is required: the categories this slot carries");
            }
            return Optional.empty();
        }
        return Optional.of(new Slot(
                id,
                name,
                categories,
                anchor.orElse(null),
                at,
                cron.orElse(null),
                cron.isPresent() ? onDayOff : null,
                template,
                maxItems,
                sections));
    }

    private static LocalTime readTime(ConfigMap slot) {
        Optional<String> text = slot.optionalText("at");
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalTime.parse(text.get(), TIME_OF_DAY);
        } catch (DateTimeParseException e) {
            slot.problem("at", "'" + text.get() + "' is not a time of day such as \"09:00\"");
            return null;
        }
    }

    private static <E> Map<String, E> byWireName(E[] values, Function<E, String> name) {
        return Arrays.stream(values).collect(Collectors.toMap(name, v -> v, (a, b) -> a, LinkedHashMap::new));
    }
}
