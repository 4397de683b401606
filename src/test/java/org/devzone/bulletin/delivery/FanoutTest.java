package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.devzone.bulletin.bulletin.Bulletin;
import org.devzone.bulletin.zone.ChannelEndpoint;
import org.devzone.bulletin.zone.Channels;
import org.devzone.bulletin.zone.ChannelsLoader;
import org.devzone.bulletin.zone.ZoneDirectory;
import org.devzone.bulletin.zone.ZoneDirectoryLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a published bulletin becomes queue messages, on the shipped zone directory and a real (in-memory) ledger: emails
 * in batches for one SMTP connection each, chat messages in their robot's group so one consumer paces it (a window of
 * the robot's limit in one message), an urgent bulletin's messages ahead of the week's, nothing on a channel that is
 * not configured.
 */
class FanoutTest {

    @TempDir
    Path dir;

    private final Channels channels = ChannelsLoader.load(Path.of("config/channels.yaml"));
    private final ZoneDirectory zones = ZoneDirectoryLoader.load(Path.of("config/zones.yaml"), channels);
    private final List<DeliveryQueue.Queued> queued = new ArrayList<>();
    private FridayLedger ledger;

    @AfterEach
    void close() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void emailsGoInBatchesAndEachChatMessageAloneInItsRobotsGroup() {
        fanOut(Bulletin.Kind.SCHEDULED, 5, Set.of());

        List<DeliveryQueue.Queued> batches = emailBatches();
        int contacts = zones.zones().stream().mapToInt(z -> z.contacts().size()).sum();
        assertThat(batches).hasSize((contacts + 4) / 5);
        assertThat(batches).allSatisfy(b -> assertThat(b.group()).isNull());
        // Each message names a batch the ledger recorded; every email is in one of them, at most five to a batch.
        Map<String, List<Delivery>> members = ledger.deliveries().list(null, null, "email", null, 1, 1000).stream()
                .collect(Collectors.groupingBy(Delivery::batchId));
        assertThat(batches)
                .extracting(b ->
                        DeliveryMessage.parse(b.payload(), new ObjectMapper()).batchId())
                .containsExactlyInAnyOrderElementsOf(members.keySet());
        assertThat(members.values().stream().mapToInt(List::size).sum()).isEqualTo(contacts);
        assertThat(members.values().stream().mapToInt(List::size).max().orElseThrow())
                .isEqualTo(5);

        List<ChannelEndpoint> endpoints =
                zones.zones().stream().flatMap(z -> z.endpoints().stream()).toList();
        List<DeliveryQueue.Queued> chat = chatMessages();
        assertThat(chat).hasSize(endpoints.size());
        assertThat(chat.stream().map(DeliveryQueue.Queued::group).filter(g -> g != null))
                .containsExactlyInAnyOrderElementsOf(endpoints.stream()
                        .filter(e -> !e.type().wireName().equals("webhook"))
                        .map(e -> DeliveryQueue.group(e.type().wireName(), e.address()))
                        .toList());
        assertThat(queued).allSatisfy(m -> assertThat(m.priority()).isEqualTo(DeliveryQueue.NORMAL));
    }

    @Test
    void anUrgentBulletinsMessagesOvertakeTheWeeksAndAnUnconfiguredChannelGetsNothing() {
        ChannelEndpoint first = zones.zones().stream()
                .flatMap(z -> z.endpoints().stream())
                .findFirst()
                .orElseThrow();
        String unconfigured = first.type().wireName() + ":" + first.channel();

        fanOut(Bulletin.Kind.URGENT, 50, Set.of(unconfigured));

        assertThat(queued).allSatisfy(m -> assertThat(m.priority()).isEqualTo(DeliveryQueue.URGENT));
        assertThat(chatMessages().stream().map(DeliveryQueue.Queued::group))
                .doesNotContain(DeliveryQueue.group(first.type().wireName(), first.address()));
    }

    @Test
    void emailsAreQueuedAChunkAtATimeAndAFanOutStoppedBetweenTwoIsFinishedByDoingItAgain() {
        ledger = new FridayLedger(dir);
        Bulletin bulletin = ledger.fire(
                Bulletin.Kind.SCHEDULED, zones.zones().stream().map(z -> z.id()).toList());
        int contacts = zones.zones().stream().mapToInt(z -> z.contacts().size()).sum();
        assertThat(contacts).isGreaterThan(Fanout.CHUNK_BATCHES);
        List<Integer> recordedWhenQueued = new ArrayList<>();
        // One email a batch, so a chunk is 20 emails; the process "dies" as it queues the second chunk.
        DeliveryQueue dying = new DeliveryQueue() {
            @Override
            public void send(String payload, String group, long delayMillis) {
                throw new AssertionError("a fan-out queues its messages together");
            }

            @Override
            public void sendAll(List<Queued> messages) {
                if (messages.stream().noneMatch(m -> m.payload().contains("\"batch\""))) {
                    return; // the chat messages, queued first
                }
                recordedWhenQueued.add(emails().size());
                if (recordedWhenQueued.size() == 2) {
                    throw new IllegalStateException("killed");
                }
                queued.addAll(messages);
            }
        };
        try {
            fanout(dying, 1).fanOut(bulletin);
        } catch (IllegalStateException killed) {
            // as a process killed between two chunks
        }
        // The first chunk was queued before the second was recorded; the second is recorded, never queued.
        assertThat(recordedWhenQueued).containsExactly(Fanout.CHUNK_BATCHES, contacts);
        assertThat(emailBatches()).hasSize(Fanout.CHUNK_BATCHES);

        queued.clear();
        fanout(queueing(), 1).fanOut(bulletin);

        // Done again (the sweep does it): nothing recorded twice, every batch queued, each a message.
        assertThat(emails()).hasSize(contacts);
        assertThat(emailBatches())
                .extracting(b ->
                        DeliveryMessage.parse(b.payload(), new ObjectMapper()).batchId())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        emails().stream().map(Delivery::batchId).toList());
    }

    private List<Delivery> emails() {
        return ledger.deliveries().list(null, null, "email", null, 1, 1000);
    }

    private void fanOut(Bulletin.Kind kind, int emailBatch, Set<String> unconfigured) {
        fanOut(kind, emailBatch, unconfigured, zones, channels);
    }

    private void fanOut(
            Bulletin.Kind kind, int emailBatch, Set<String> unconfigured, ZoneDirectory zones, Channels channels) {
        ledger = new FridayLedger(dir);
        Clock clock = ledger.clock;
        Bulletin bulletin =
                ledger.fire(kind, zones.zones().stream().map(z -> z.id()).toList());
        new Fanout(
                        ledger.deliveries(),
                        zones,
                        queueing(),
                        clock,
                        emailBatch,
                        new Fanout.Pacing(new Pacer(clock::millis, Duration.ZERO), channels, Duration.ofMillis(200)),
                        unconfigured)
                .fanOut(bulletin);
    }

    private Fanout fanout(DeliveryQueue queue, int emailBatch) {
        return new Fanout(
                ledger.deliveries(),
                zones,
                queue,
                ledger.clock,
                emailBatch,
                new Fanout.Pacing(new Pacer(ledger.clock::millis, Duration.ZERO), channels, Duration.ofMillis(200)),
                Set.of());
    }

    /** The deliveries queue, as the test keeps what was put on it. */
    private DeliveryQueue queueing() {
        return new DeliveryQueue() {
            @Override
            public void send(String payload, String group, long delayMillis) {
                throw new AssertionError("a fan-out queues its messages together");
            }

            @Override
            public void sendAll(List<Queued> messages) {
                queued.addAll(messages);
            }
        };
    }

    @Test
    void aRobotsMessagesForOneWindowOfItsLimitTravelTogetherAndTheNextWindowWaits() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("channels.yaml"), """
                wecom:
                  shared-robot:
                    key-env: WECOM_KEY_SHARED
                    rate: 5/4s
                """);
        StringBuilder directory = new StringBuilder("zones:\n");
        for (int i = 1; i <= 7; i++) {
            directory
                    .append("  - id: zone-")
                    .append(i)
                    .append("\n    name: 第")
                    .append(i)
                    .append("开发区\n")
                    .append("    tier: provincial\n    city: 东州市\n    channels:\n      - wecom: shared-robot\n");
        }
        Files.writeString(config.resolve("zones.yaml"), directory);
        Channels shared = ChannelsLoader.load(config.resolve("channels.yaml"));

        fanOut(
                Bulletin.Kind.SCHEDULED,
                50,
                Set.of(),
                ZoneDirectoryLoader.load(config.resolve("zones.yaml"), shared),
                shared);

        assertThat(queued).hasSize(2);
        DeliveryMessage now = DeliveryMessage.parse(queued.get(0).payload(), new ObjectMapper());
        DeliveryMessage later = DeliveryMessage.parse(queued.get(1).payload(), new ObjectMapper());
        assertThat(now.ids()).hasSize(5);
        assertThat(now.slots()).extracting(Pacer.Slot::ticket).doesNotHaveDuplicates();
        assertThat(queued.get(0).delayMillis()).isZero();
        assertThat(later.ids()).hasSize(2);
        // Its slot is 4 s away; it leaves the broker a quarter of pace-wait-ms (200 ms here) before, to be in a
        // consumer then.
        assertThat(queued.get(1).delayMillis()).isEqualTo(3950);
        assertThat(later.slots())
                .allSatisfy(
                        slot -> assertThat(slot.at() - ledger.clock.millis()).isEqualTo(4000));
        assertThat(queued).allSatisfy(m -> assertThat(m.group()).isEqualTo("wecom:shared-robot"));
    }

    private List<DeliveryQueue.Queued> emailBatches() {
        return queued.stream().filter(m -> m.payload().contains("\"batch\"")).toList();
    }

    private List<DeliveryQueue.Queued> chatMessages() {
        return queued.stream().filter(m -> m.payload().contains("\"delivery\"")).toList();
    }
}
