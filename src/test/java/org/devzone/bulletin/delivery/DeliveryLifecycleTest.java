package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.devzone.bulletin.delivery.Delivery.Status;
import org.devzone.bulletin.delivery.Delivery.Transition;
import org.junit.jupiter.api.Test;

/** The changes a delivery may go through, as the ledger guards them. */
class DeliveryLifecycleTest {

    @Test
    void aSentDeliveryIsNeverChangedAgain() {
        assertThat(Arrays.stream(Transition.values()).filter(t -> t.allowedFrom(Status.SENT)))
                .isEmpty();
    }

    @Test
    void onlyTheConsumerHoldingADeliveryRecordsWhatBecameOfIt() {
        for (Transition outcome : new Transition[] {Transition.SEND, Transition.RETRY, Transition.RELEASE}) {
            assertThat(Arrays.stream(Status.values()).filter(outcome::allowedFrom))
                    .as(outcome.name())
                    .containsExactly(Status.SENDING);
        }
    }

    @Test
    void aDeliveryIsClaimedOnlyWhenNobodyHoldsItAndItIsNotSettled() {
        assertThat(Arrays.stream(Status.values()).filter(Transition.CLAIM::allowedFrom))
                .containsExactly(Status.PENDING, Status.RETRYING);
        assertThat(Transition.CLAIM.guard()).isEqualTo("status IN ('pending', 'retrying')");
    }

    @Test
    void aGivenUpDeliveryComesBackOnlyWhenStaffReDriveIt() {
        assertThat(Arrays.stream(Transition.values()).filter(t -> t.allowedFrom(Status.DEAD)))
                .containsExactlyInAnyOrder(Transition.REDRIVE, Transition.GIVE_UP);
        assertThat(Transition.GIVE_UP.guard()).isEqualTo("status IN ('pending', 'sending', 'retrying', 'dead')");
    }
}
