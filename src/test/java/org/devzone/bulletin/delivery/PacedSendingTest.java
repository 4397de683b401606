package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.RateLimit;
import org.junit.jupiter.api.Test;

/** A chat message's parts in the slots of its robot's rate: sent now, handed back to wait, or resumed. */
class PacedSendingTest {

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final Pacer pacer = new Pacer(millis::get, Duration.ZERO);
    private final PacedSending paced = new PacedSending(pacer, Duration.ofMillis(200), null, Clock.systemUTC());
    private final ChannelDefinition robot = new ChannelDefinition(
            ChannelType.WECOM,
            "wecom-a",
            "https://example.org/hook",
            Map.of(),
            List.of(),
            List.of(new RateLimit(1, Duration.ofMinutes(1))));
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
        ChannelDefinition busy = new ChannelDefinition(
                ChannelType.WECOM,
                "wecom-b",
                "https://example.org/hook",
                Map.of(),
                List.of(),
                List.of(new RateLimit(20, Duration.ofMinutes(1))));
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
        return new Delivery(
                "d-1",
                "b-1",
                "e-1",
                "dongzhou-etdz",
                "wecom",
                "wecom:wecom-a",
                Delivery.Status.SENDING,
                1,
                partsSent,
                null,
                null,
                null,
                null,
                null);
    }
}
