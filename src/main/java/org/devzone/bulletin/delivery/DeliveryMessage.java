package org.devzone.bulletin.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries queue's message: one delivery {@code {"v": 1, "delivery": "<id>"}} (a paced chat message also names
 * its robot's slot), or a batch of emails {@code {"v": 1, "deliveries": ["<id>", ...]}}.
 *
 * @param ids the deliveries it names, one unless a batch
 * @param slot the robot's slot a paced message waits for, or null
 */
public record DeliveryMessage(List<String> ids, boolean batch, Pacer.Slot slot) {

    public DeliveryMessage {
        ids = List.copyOf(ids);
    }

    /** The queue's payload: {@code {"v": 1, "delivery": "<id>"}}. */
    public static String payload(String deliveryId) {
        return "{\"v\":1,\"delivery\":\"" + deliveryId + "\"}";
    }

    /** A batch of emails' payload: {@code {"v": 1, "deliveries": ["<id>", ...]}}. */
    public static String batchPayload(List<String> deliveryIds) {
        StringBuilder json = new StringBuilder("{\"v\":1,\"deliveries\":[");
        for (int i = 0; i < deliveryIds.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(deliveryIds.get(i)).append('"');
        }
        return json.append("]}").toString();
    }

    /** A paced delivery's payload also carries the slot it waits for. */
    public static String payload(String deliveryId, Pacer.Slot slot) {
        var root = JsonNodeFactory.instance.objectNode().put("v", 1).put("delivery", deliveryId);
        root.putObject("slot").put("robot", slot.key()).put("at", slot.at()).put("ticket", slot.ticket());
        return root.toString();
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
                && payload.path("deliveries").isArray()
                && !payload.path("deliveries").isEmpty()) {
            List<String> ids = new ArrayList<>();
            payload.path("deliveries").forEach(id -> ids.add(id.asText()));
            return new DeliveryMessage(ids, true, null);
        }
        String id = payload == null ? "" : payload.path("delivery").asText();
        if (id.isBlank()) {
            throw new IllegalArgumentException("not a delivery message (expected {\"v\": 1, \"delivery\": \"<id>\"}"
                    + " or {\"v\": 1, \"deliveries\": [\"<id>\", ...]}): " + body);
        }
        JsonNode slot = payload.path("slot");
        Pacer.Slot paced =
                slot.path("at").isIntegralNumber() && slot.path("robot").isTextual()
                        ? new Pacer.Slot(
                                slot.path("robot").asText(),
                                slot.path("at").asLong(),
                                slot.path("ticket").asLong())
                        : null;
        return new DeliveryMessage(List.of(id), false, paced);
    }
}
