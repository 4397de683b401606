package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.devzone.bulletin.zone.RateLimit;
import org.junit.jupiter.api.Test;

class PacerTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Pacer pacer = new Pacer(clock::get, Duration.ZERO);

    @Test
    void reservationsKeepEveryWindowOfEveryLimitAndAreAsEarlyAsTheLimitsAllow() {
        List<RateLimit> feishu =
                List.of(new RateLimit(5, Duration.ofSeconds(1)), new RateLimit(100, Duration.ofMinutes(1)));
        List<Long> slots = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            clock.addAndGet(random.nextInt(300));
            slots.add(pacer.reserve("feishu:bot", feishu).at());
        }
        for (RateLimit limit : feishu) {
            for (int i = limit.count(); i < slots.size(); i++) {
                assertThat(slots.get(i) - slots.get(i - limit.count()))
                        .as("message %d and the one %d before it", i, limit.count())
                        .isGreaterThanOrEqualTo(limit.window().toMillis());
            }
        }
        // As early as allowed: each hundred after the first follows the one before by exactly a minute, the first
        // hundred go out at 5 a second (clock jumps aside).
        assertThat(slots.get(399) - slots.get(99)).isEqualTo(180_000L);
        assertThat(slots.get(99) - slots.get(0)).isBetween(19_000L, 20_000L);
    }

    @Test
    void robotsArePacedIndependently() {
        List<RateLimit> wecom = List.of(new RateLimit(20, Duration.ofMinutes(1)));
        for (int i = 0; i < 20; i++) {
            pacer.reserve("wecom:a", wecom);
        }
        assertThat(pacer.reserve("wecom:a", wecom).at()).isEqualTo(clock.get() + 60_000);
        assertThat(pacer.reserve("wecom:b", wecom).at()).isEqualTo(clock.get());
        assertThat(pacer.reserve("qq:bot", List.of()).at()).isEqualTo(clock.get());
    }

    @Test
    void aSlotThatMustWaitLongerKeepsItsPlaceInTheRobotsLine() {
        List<RateLimit> limit = List.of(new RateLimit(1, Duration.ofSeconds(10)));
        long start = clock.get();
        Pacer.Slot first = pacer.reserve("wecom:a", limit);
        Pacer.Slot second = pacer.reserve("wecom:a", limit);
        Pacer.Slot third = pacer.reserve("wecom:a", limit);
        assertThat(third.at()).isEqualTo(start + 20_000);
        clock.set(start + 3_000); // the first went out late
        assertThat(pacer.start(first, limit)).isZero();
        clock.set(second.at());
        long more = pacer.start(second, limit);
        assertThat(more).isEqualTo(3_000);

        Pacer.Slot postponed = pacer.postpone(second, more);
        assertThat(postponed.at()).as("still before the third, not behind it").isEqualTo(start + 13_000);
        assertThat(pacer.redeem(postponed)).isTrue();
        clock.set(postponed.at());
        assertThat(pacer.start(postponed, limit)).isZero();
        assertThat(pacer.reserve("wecom:a", limit).at())
                .as("a new one after the third")
                .isEqualTo(start + 30_000);
    }

    @Test
    void aCarriedSlotIsRedeemedUntilItIsUsedAndNotAfterAPause() {
        List<RateLimit> limit = List.of(new RateLimit(1, Duration.ofSeconds(10)));
        pacer.reserve("dingtalk:a", limit);
        Pacer.Slot later = pacer.reserve("dingtalk:a", limit);
        assertThat(pacer.redeem(later)).isTrue();
        assertThat(pacer.redeem(new Pacer.Slot("dingtalk:a", later.at(), 999)))
                .as("unknown, as after a restart")
                .isFalse();
        clock.set(later.at());
        assertThat(pacer.start(later, limit)).isZero();
        assertThat(pacer.redeem(later)).as("used").isFalse();

        Pacer.Slot third = pacer.reserve("dingtalk:a", limit);
        pacer.pause("dingtalk:a", Duration.ofMinutes(10));
        assertThat(pacer.redeem(third)).as("the robot refused us since").isFalse();
        assertThat(pacer.reserve("dingtalk:a", limit).at()).isGreaterThanOrEqualTo(clock.get() + 600_000);
    }

    @Test
    void aMessageThatLeftLateHoldsBackTheNextOneByAsMuch() {
        List<RateLimit> limit = List.of(new RateLimit(2, Duration.ofSeconds(1)));
        Pacer.Slot first = pacer.reserve("wecom:a", limit);
        Pacer.Slot second = pacer.reserve("wecom:a", limit);
        Pacer.Slot third = pacer.reserve("wecom:a", limit);
        assertThat(third.at()).isEqualTo(first.at() + 1000);

        clock.addAndGet(300); // the first went out late, the second on time
        assertThat(pacer.start(first, limit)).isZero();
        assertThat(pacer.start(second, limit)).isZero();
        clock.set(third.at());
        assertThat(pacer.start(third, limit))
                .as("a second after the first really left")
                .isEqualTo(300);
        clock.addAndGet(300);
        assertThat(pacer.start(third, limit)).isZero();
        // Planning now counts from when messages really left.
        assertThat(pacer.reserve("wecom:a", limit).at()).isEqualTo(first.at() + 300 + 1000);
    }

    /**
     * On a loaded machine a request may reach the provider long after it left: the next message's window counts from
     * when the earlier one was answered, so it can never arrive within the window of one that arrived late.
     */
    @Test
    void aMessageCountsFromWhenItsRequestWasAnsweredNotFromWhenItLeft() {
        List<RateLimit> limit = List.of(new RateLimit(2, Duration.ofSeconds(1)));
        Pacer.Slot first = pacer.reserve("wecom:a", limit);
        Pacer.Slot second = pacer.reserve("wecom:a", limit);
        Pacer.Slot third = pacer.reserve("wecom:a", limit);
        assertThat(pacer.start(first, limit)).isZero();
        clock.addAndGet(400); // the first request took 400 ms to reach the provider and be answered
        pacer.finished(first);
        assertThat(pacer.start(second, limit)).isZero();
        pacer.finished(second);
        clock.set(first.at() + 1000);
        assertThat(pacer.start(third, limit))
                .as("a second after the first was answered")
                .isEqualTo(400);
        clock.addAndGet(400);
        assertThat(pacer.start(third, limit)).isZero();
    }

    @Test
    void noWindowEverHoldsMoreThanItsCountHoweverLateMessagesLeave() {
        List<RateLimit> limits =
                List.of(new RateLimit(3, Duration.ofMillis(1000)), new RateLimit(10, Duration.ofMillis(5000)));
        Random random = new Random(11);
        List<Long> sent = new ArrayList<>();
        Deque<Pacer.Slot> waiting = new ArrayDeque<>();
        for (int step = 0; step < 20_000 && sent.size() < 300; step++) {
            clock.addAndGet(random.nextInt(40));
            if (random.nextInt(3) == 0) {
                waiting.add(pacer.reserve("feishu:a", limits));
            }
            // Messages leave in no particular order, some well after their slot.
            if (!waiting.isEmpty() && random.nextBoolean()) {
                Pacer.Slot slot = random.nextBoolean() ? waiting.pollFirst() : waiting.pollLast();
                if (slot.at() <= clock.get() && pacer.start(slot, limits) == 0) {
                    sent.add(clock.get());
                } else {
                    waiting.add(slot);
                }
            }
        }
        assertThat(sent).hasSizeGreaterThan(100);
        for (RateLimit limit : limits) {
            for (int i = limit.count(); i < sent.size(); i++) {
                assertThat(sent.get(i) - sent.get(i - limit.count()))
                        .isGreaterThanOrEqualTo(limit.window().toMillis());
            }
        }
    }

    @Test
    void ratesReadAsAdminsWriteThem() {
        assertThat(RateLimit.parse("20/min")).contains(new RateLimit(20, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("5/s")).contains(new RateLimit(5, Duration.ofSeconds(1)));
        assertThat(RateLimit.parse("3/2s")).contains(new RateLimit(3, Duration.ofSeconds(2)));
        assertThat(RateLimit.parse("2/500ms")).contains(new RateLimit(2, Duration.ofMillis(500)));
        assertThat(RateLimit.parse("30/h")).contains(new RateLimit(30, Duration.ofHours(1)));
        assertThat(RateLimit.parse("fast")).isEmpty();
        assertThat(RateLimit.parse("0/s")).isEmpty();
        assertThat(new RateLimit(100, Duration.ofMinutes(1))).hasToString("100/min");
    }
}
