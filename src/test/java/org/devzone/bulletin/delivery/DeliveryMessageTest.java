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
                .isEqualTo(new DeliveryMessage(List.of("d-1"), false, null));

        String batch = DeliveryMessage.batchPayload(List.of("d-1", "d-2"));
        assertThat(batch).isEqualTo("{\"v\":1,\"deliveries\":[\"d-1\",\"d-2\"]}");
        assertThat(DeliveryMessage.parse(batch, mapper))
                .isEqualTo(new DeliveryMessage(List.of("d-1", "d-2"), true, null));

        Pacer.Slot slot = new Pacer.Slot("wecom:wecom-dongzhou-etdz", 1_790_000_000_000L, 7);
        assertThat(DeliveryMessage.parse(DeliveryMessage.payload("d-3", slot), mapper)
                        .slot())
                .isEqualTo(slot);
    }

    @Test
    void aMessageThatIsNotADeliverysIsRefusedWithWhatWasExpected() {
        for (String body : new String[] {null, "", "not json", "{\"v\":1}", "{\"delivery\":\"  \"}"}) {
            assertThatThrownBy(() -> DeliveryMessage.parse(body, mapper))
                    .as(String.valueOf(body))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a delivery message");
        }
    }
}
