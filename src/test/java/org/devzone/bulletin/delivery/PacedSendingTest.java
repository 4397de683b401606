package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.junit.jupiter.api.Test;

/** A chat message's parts in the slots of its robot's rate: sent now, handed back to wait, or resumed. */
class PacedSendingTest {

    private final PacedRobot fixture = new PacedRobot();
    private final AtomicLong millis = fixture.millis;
    private final Pacer pacer = fixture.pacer;
    private final PacedSending paced = fixture.paced;
    private final ChannelDefinition robot = fixture.robot;
    private final List<String> sent = new ArrayList<>();

    @Test
    void aFreeSlotSendsAtOnceAndTheNextMessageWaitsOnTheBrokerForItsOwn() throws Exception {
        assertThat(paced.send(delivery(0), robot, List.of("第一条"), null, this::send))
                .isEqualTo("id-1");

        DeliveryDeferred deferred = catchThrowableOfType(
                DeliveryDeferred.class, () -> paced.send(delivery(0), robot, List.of("第二条"), null, this::send));

        assertThat(sent).containsExactly("第一条");
        assertThat(deferred.slot().key()).isEqualTo("wecom:wecom-a");
        assertThat(deferred.slot().at()).isEqualTo(millis.get() + 60_000);
    }

    @Test
    void aRetryResumesAfterThePartsAlreadySent() throws Exception {
        assertThat(paced.send(delivery(1), robot, List.of("（1/2）", "（2/2）"), null, this::send))
                .isEqualTo("id-1");

        assertThat(sent).containsExactly("（2/2）");
    }

    @Test
    void aRobotThatSaysWeAreTooFastGetsNothingForItsWindow() {
        // 20 a minute: without the refusal, the next message could go at once.
        ChannelDefinition busy = PacedRobot.robot("wecom-b", 20);
        DeliveryFailure tooFast = catchThrowableOfType(
                DeliveryFailure.class,
                () -> paced.send(delivery(0), busy, List.of("第一条"), null, part -> {
                    throw DeliveryFailure.rateLimited("45009 api freq out of limit");
                }));

        assertThat(tooFast.rateLimited()).isTrue();
        assertThat(pacer.reserve(busy.key(), busy.rates()).at() - millis.get()).isGreaterThanOrEqualTo(60_000);
    }

    private String send(String part) {
        sent.add(part);
        return "id-" + sent.size();
    }

    private static Delivery delivery(int partsSent) {
        return PacedRobot.delivery(partsSent);
    }
}
