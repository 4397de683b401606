package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries queue's message: one delivery {@code {"v": 1, "delivery": "<id>"}} (a paced chat message also names
 * its robot's slot), a fan-out's batch of emails {@code {"v": 1, "batch": "<id>"}}, or the messages one robot may take
 * in one window of its limit, each with its slot: {@code {"v": 1, "deliveries": [...], "slots": [...]}} (without slots,
 * a batch of emails as queued before batches were recorded).
 *
 * @param ids the deliveries it names, one unless a list; none for a batch of emails
 * @param slots the robot's slot each delivery waits for, in the order of {@code ids}; empty when not paced
 * @param batchId the batch of emails it names, or null
 */
public record DeliveryMessage(List<String> ids, boolean batch, List<Pacer.Slot> slots, String batchId) {

    public DeliveryMessage(List<String> ids, boolean batch, List<Pacer.Slot> slots) {
        this(ids, batch, slots, null);
    }

    public DeliveryMessage {
        ids = List.copyOf(ids);
        slots = List.copyOf(slots);
        if (ids.isEmpty() == (batchId == null)) {
            throw new IllegalArgumentException("a message names deliveries or a batch of them");
        }
        if (!slots.isEmpty() && slots.size() != ids.size()) {
            throw new IllegalArgumentException(
                    "one slot for each delivery, not " + slots.size() + " for " + ids.size());
        }
    }

    /** The slot the first (or only) delivery waits for, or null when not paced. */
    public Pacer.Slot slot() {
        return slots.isEmpty() ? null : slots.get(0);
    }

    /** The slot the delivery {@code id} waits for, or null. */
    public Pacer.Slot slotOf(String id) {
        int index = ids.indexOf(id);
        return index < 0 || slots.isEmpty() ? null : slots.get(index);
    }

    /** The queue's payload: {@code {"v": 1, "delivery": "<id>"}}. */
    public static String payload(String deliveryId) {
        return "{\"v\":1,\"delivery\":\"" + deliveryId + "\"}";
    }

    /** A fan-out's batch of emails: {@code {"v": 1, "batch": "<id>"}}. */
    public static String batchPayload(String batchId) {
        return "{\"v\":1,\"batch\":\"" + batchId + "\"}";
    }

    /** Deliveries claimed together, each on its own: {@code {"v": 1, "deliveries": ["<id>", ...]}}. */
    public static String listPayload(List<String> deliveryIds) {
        StringBuilder json = new StringBuilder("{\"v\":1,\"deliveries\":[");
        for (int i = 0; i < deliveryIds.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(deliveryIds.get(i)).append('"');
        }
        return json.append("]}").toString();
    }

    /** A paced delivery's payload also carries the slot it waits for. */
    public static String payload(String deliveryId, Pacer.Slot slot) {
        var root = JsonNodeFactory.instance.objectNode().put("v", 1).put("delivery", deliveryId);
        write(root.putObject("slot"), slot);
        return root.toString();
    }

    /** Paced deliveries to one robot that travel together, each with the slot it waits for. */
    public static String pacedPayload(List<String> deliveryIds, List<Pacer.Slot> slots) {
        if (deliveryIds.size() == 1) {
            return payload(deliveryIds.get(0), slots.get(0));
        }
        var root = JsonNodeFactory.instance.objectNode().put("v", 1);
        deliveryIds.forEach(root.putArray("deliveries")::add);
        ArrayNode written = root.putArray("slots");
        slots.forEach(slot -> write(written.addObject(), slot));
        return root.toString();
    }

    private static void write(ObjectNode json, Pacer.Slot slot) {
        json.put("robot", slot.key()).put("at", slot.at()).put("ticket", slot.ticket());
    }

    private static Pacer.Slot slot(JsonNode slot) {
        return slot.path("at").isIntegralNumber() && slot.path("robot").isTextual()
                ? new Pacer.Slot(
                        slot.path("robot").asText(),
                        slot.path("at").asLong(),
                        slot.path("ticket").asLong())
                : null;
    }

    /**
     * Reads a message off the queue.
     *
     * @throws IllegalArgumentException for a message that is not a delivery's (it goes to the dead-letter queue with
     *     this reason)
     */
    static DeliveryMessage parse(String body, ObjectMapper mapper) {
        JsonNode payload;
        try {
            payload = body == null ? null : mapper.readTree(body);
        } catch (IOException e) {
            payload = null;
        }
        if (payload != null
                && payload.path("batch").isTextual()
                && !payload.path("batch").asText().isBlank()) {
            return new DeliveryMessage(
                    List.of(), true, List.of(), payload.path("batch").asText());
        }
        if (payload != null
                && payload.path("deliveries").isArray()
                && !payload.path("deliveries").isEmpty()) {
            List<String> ids = new ArrayList<>();
            payload.path("deliveries").forEach(id -> ids.add(id.asText()));
            List<Pacer.Slot> slots = new ArrayList<>();
            payload.path("slots").forEach(slot -> slots.add(slot(slot)));
            if (!slots.isEmpty() && (slots.size() != ids.size() || slots.contains(null))) {
                throw new IllegalArgumentException(
                        "not a delivery message (a slot, {\"robot\", \"at\", \"ticket\"}, for each delivery): " + body);
            }
            return new DeliveryMessage(ids, true, slots);
        }
        String id = payload == null ? "" : payload.path("delivery").asText();
        if (id.isBlank()) {
            throw new IllegalArgumentException("not a delivery message (expected {\"v\": 1, \"delivery\": \"<id>\"},"
                    + " {\"v\": 1, \"batch\": \"<id>\"} or {\"v\": 1, \"deliveries\": [\"<id>\", ...]}): " + body);
        }
        Pacer.Slot paced = slot(payload.path("slot"));
        return new DeliveryMessage(List.of(id), false, paced == null ? List.of() : List.of(paced));
    }
}
