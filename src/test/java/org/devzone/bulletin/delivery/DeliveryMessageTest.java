package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deliveries queue's messages, as written at fan-out and read by the consumers. */
class DeliveryMessageTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void oneDeliveryABatchAndAPacedMessageReadBackAsWritten() {
        assertThat(DeliveryMessage.payload("d-1")).isEqualTo("{\"v\":1,\"delivery\":\"d-1\"}");
        assertThat(DeliveryMessage.parse(DeliveryMessage.payload("d-1"), mapper))
                .isEqualTo(new DeliveryMessage(List.of("d-1"), false, List.of()));

        // A fan-out's batch of emails names the batch; its mails are the ledger's.
        assertThat(DeliveryMessage.batchPayload("b-1")).isEqualTo("{\"v\":1,\"batch\":\"b-1\"}");
        assertThat(DeliveryMessage.parse(DeliveryMessage.batchPayload("b-1"), mapper))
                .isEqualTo(new DeliveryMessage(List.of(), true, List.of(), "b-1"));

        String batch = DeliveryMessage.listPayload(List.of("d-1", "d-2"));
        assertThat(batch).isEqualTo("{\"v\":1,\"deliveries\":[\"d-1\",\"d-2\"]}");
        assertThat(DeliveryMessage.parse(batch, mapper))
                .isEqualTo(new DeliveryMessage(List.of("d-1", "d-2"), true, List.of()));

        Pacer.Slot slot = new Pacer.Slot("wecom:wecom-dongzhou-etdz", 1_790_000_000_000L, 7);
        assertThat(DeliveryMessage.parse(DeliveryMessage.payload("d-3", slot), mapper)
                        .slot())
                .isEqualTo(slot);

        // One window of a robot's limit: its messages travel together, each with its own slot.
        Pacer.Slot next = new Pacer.Slot("wecom:wecom-dongzhou-etdz", 1_790_000_000_000L, 8);
        DeliveryMessage window =
                DeliveryMessage.parse(DeliveryMessage.pacedPayload(List.of("d-4", "d-5"), List.of(slot, next)), mapper);
        assertThat(window).isEqualTo(new DeliveryMessage(List.of("d-4", "d-5"), true, List.of(slot, next)));
        assertThat(window.slotOf("d-5")).isEqualTo(next);
        assertThat(DeliveryMessage.pacedPayload(List.of("d-6"), List.of(slot)))
                .isEqualTo(DeliveryMessage.payload("d-6", slot));
    }

    @Test
    void aMessageThatIsNotADeliverysIsRefusedWithWhatWasExpected() {
        for (String body : new String[] {
            null,
            "",
            "not json",
            "{\"v\":1}",
            "{\"delivery\":\"  \"}",
            "{\"v\":1,\"deliveries\":[\"d-1\",\"d-2\"],\"slots\":[{\"robot\":\"qq:office-qq\",\"at\":1,\"ticket\":1}]}"
        }) {
            assertThatThrownBy(() -> DeliveryMessage.parse(body, mapper))
                    .as(String.valueOf(body))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a delivery message");
        }
    }
}
