package org.devzone.bulletin.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.activemq.broker.BrokerService;
import org.devzone.bulletin.testing.ChatRobotServer;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.ExternalBroker;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.Postgres;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.devzone.bulletin.testing.ZoneDirectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes sending to one robot keep to its rate limit together, not each: the robot's messages travel in its JMS
 * message group, so one consumer in the cluster paces it. The robot's server refuses anything faster, as WeCom does.
 */
class ClusterPacingTest {

    private static final int ZONES = 12;

    @TempDir
    Path dir;

    @Test
    void twoNodesSendingToOneRobotStayWithinItsLimitTogether() throws Exception {
        Path config = ConfigCopy.into(dir.resolve("config"));
        ZoneDirectories.write(config.resolve("zones.yaml"), ZONES, "wecom: wecom-shared");
        try (ChatRobotServer robots = new ChatRobotServer()) {
            robots.robot("wecom", "key-shared", null, List.of(), "2/1000");
            Files.writeString(config.resolve("channels.yaml"), """
                    wecom:
                      wecom-shared:
                        url: %s
                        key-env: WECOM_KEY_SHARED
                        rate: 2/1s
                    """.formatted(robots.wecomUrl()));
            int brokerPort = RunningDispatcher.freePort();
            BrokerService broker = ExternalBroker.start(brokerPort);
            TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 24, 9, 30));
            try (Postgres postgres = Postgres.freshSchema()) {
                Map<String, String> shared = ExternalBroker.nodeSettings(postgres, brokerPort);
                shared.putAll(Map.of("dispatcher.delivery.pace-margin-ms", "30", "WECOM_KEY_SHARED", "key-shared"));
                try (RunningDispatcher a = RunningDispatcher.start(shared, clock, config);
                        RunningDispatcher b = RunningDispatcher.start(shared, clock, config)) {
                    Http http = a.http();
                    assertThat(http.postJson("/api/notices", Notices.valid("两个节点共用一个机器人"))
                                    .status())
                            .isEqualTo(202);
                    clock.set(LocalDateTime.of(2026, 11, 24, 10, 1));
                    long fired = System.nanoTime();
                    String bulletin = http.post("/api/slots/midweek-news/fire", "application/json", "")
                            .json()
                            .get("id")
                            .asText();
                    await().atMost(Duration.ofSeconds(60)).until(() -> sent(b.http(), bulletin) == ZONES);
                    double took = (System.nanoTime() - fired) / 1e9;
                    System.out.printf(
                            "one robot (2 a second) from two nodes: %d messages in %.1f s (at least %.1f s),"
                                    + " refusals %d%n",
                            robots.received("wecom", "key-shared").size(),
                            took,
                            (ZONES - 2) / 2.0,
                            robots.refusals().size());
                    assertThat(robots.refusals())
                            .as("the robot refused nothing")
                            .isEmpty();
                    assertThat(robots.received("wecom", "key-shared")).hasSize(ZONES);
                }
            } finally {
                broker.stop();
            }
        }
    }

    private static int sent(Http http, String bulletin) {
        JsonNode wecom =
                http.get("/api/bulletins/" + bulletin).json().get("deliveries").get("wecom");
        return wecom == null || !wecom.has("sent") ? 0 : wecom.get("sent").asInt();
    }
}
