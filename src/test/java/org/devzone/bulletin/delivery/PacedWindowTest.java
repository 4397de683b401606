package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.platform.Metrics;
import org.devzone.bulletin.zone.RateLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A robot's window of messages travels in one queue message; when the robot is not free yet for the first of them, the
 * rest wait on the broker together, in one message again, their claims handed back without counting an attempt.
 */
class PacedWindowTest {

    private static final String ROBOT = "wecom:shared-robot";

    @TempDir
    Path dir;

    private FridayLedger ledger;

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void theRestOfAWindowThatMustWaitGoesBackTogetherWithItsSlots() {
        ledger = new FridayLedger(dir);
        Clock clock = ledger.clock;
        DeliveryStore store = ledger.deliveries();
        Bulletin bulletin = ledger.fire(Bulletin.Kind.SCHEDULED, List.of("zone-1", "zone-2", "zone-3"));
        List<DeliveryStore.Planned> planned = bulletin.editions().stream()
                .map(e -> new DeliveryStore.Planned(bulletin.id(), e.id(), e.zoneId(), "wecom", "shared-robot"))
                .toList();
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<String> ids = store.record(planned, now).stream()
                .map(DeliveryStore.Recorded::id)
                .toList();
        Pacer pacer = new Pacer(clock::millis, Duration.ZERO);
        List<RateLimit> limit = List.of(new RateLimit(5, Duration.ofSeconds(4)));
        List<Channel.Parcel> window = new ArrayList<>();
        for (Delivery d : store.claimAll(ids, "this-node", now)) {
            window.add(new Channel.Parcel(d, null, pacer.reserve(ROBOT, limit)));
        }
        List<DeliveryQueue.Queued> queued = new ArrayList<>();
        DeliveryOutcomes outcomes = new DeliveryOutcomes(
                store,
                new DeliveryConfiguration.Pacing(
                        pacer,
                        Duration.ofMillis(200),
                        (payload, group, delay) -> queued.add(new DeliveryQueue.Queued(payload, group, delay, 0))),
                (payload, reason) -> {},
                new Metrics(new SimpleMeterRegistry()),
                clock,
                8);

        Pacer.Slot moved = pacer.postpone(window.get(0).slot(), 1500);
        outcomes.notYet(window, moved);

        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).group()).isEqualTo(ROBOT);
        // Out of the broker a quarter of pace-wait-ms before the slot, to be in a consumer when it comes.
        assertThat(queued.get(0).delayMillis()).isEqualTo(1450);
        DeliveryMessage back = DeliveryMessage.parse(queued.get(0).payload(), new ObjectMapper());
        assertThat(back.ids()).isEqualTo(ids);
        assertThat(back.slots())
                .containsExactly(moved, window.get(1).slot(), window.get(2).slot());
        for (String id : ids) {
            Delivery d = store.find(id).orElseThrow();
            assertThat(d.status()).as("its claim handed back").isEqualTo(Delivery.Status.PENDING);
            assertThat(d.attempts()).as("waiting is no attempt").isZero();
        }
    }
}
