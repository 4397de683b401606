package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.devzone.bulletin.testing.ChatRobotServer;
import org.devzone.bulletin.testing.ConfigCopy;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Office;
import org.devzone.bulletin.testing.OneBotServer;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.devzone.bulletin.testing.TestClock;
import org.devzone.bulletin.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Editions through WeCom, DingTalk and Feishu robots that check credentials, signatures, keywords, sizes and their
 * (scaled-down) rate limits as the vendors do, next to QQ, the webhook and email: every channel of every addressed
 * zone once, no refusal.
 */
class ChatRobotDeliveryTest {

    private static final List<String> ROBOT_ZONES =
            List.of("dongzhou-etdz", "nangang-hitech", "xiling-etdz", "beiyuan-hitech", "yunhu-bonded", "qinglan-intl");

    @TempDir
    Path config;

    private final TestClock clock = new TestClock(LocalDateTime.of(2026, 11, 20, 14, 0));
    private ChatRobotServer robots;
    private OneBotServer qq;
    private WebhookReceiver webhook;
    private RunningDispatcher dispatcher;
    private Http http;

    private void boot(Map<String, String> secrets) throws Exception {
        robots = new ChatRobotServer();
        qq = new OneBotServer("qq-token");
        webhook = new WebhookReceiver("hook-secret");
        // The robots' limits, scaled down from 20 a minute (WeCom, DingTalk) and 5 a second and 100 a minute (Feishu).
        robots.robot("wecom", "key-dongzhou", null, List.of(), "2/1000");
        robots.robot("wecom", "key-nangang", null, List.of(), "3/1000");
        robots.robot("wecom", "key-yunhu", null, List.of(), "3/1000");
        robots.robot("dingtalk", "token-xiling", "SECxiling", List.of("开发区简报"), "1/1000");
        robots.robot("dingtalk", "token-beiyuan", "SECbeiyuan", List.of(), "1/1000");
        robots.robot("feishu", "hook-qinglan", "feishu-secret", List.of("开发区简报"), "1/300", "2/1000");
        ConfigCopy.into(config);
        Files.writeString(config.resolve("channels.yaml"), """
                qq:
                  office-qq:
                    url: %s
                    token-env: ONEBOT_ACCESS_TOKEN
                wecom:
                  wecom-dongzhou-etdz:
                    url: %s
                    key-env: WECOM_KEY_DONGZHOU_ETDZ
                    rate: 2/1s
                  wecom-nangang-hitech:
                    url: %2$s
                    key-env: WECOM_KEY_NANGANG_HITECH
                    rate: 3/1s
                  wecom-yunhu-bonded:
                    url: %2$s
                    key-env: WECOM_KEY_YUNHU_BONDED
                    rate: 3/1s
                dingtalk:
                  ding-xiling-etdz:
                    url: %s
                    token-env: DINGTALK_TOKEN_XILING_ETDZ
                    secret-env: DINGTALK_SECRET_XILING_ETDZ
                    keywords: [开发区简报]
                    rate: 1/1s
                  ding-beiyuan-hitech:
                    url: %3$s
                    token-env: DINGTALK_TOKEN_BEIYUAN_HITECH
                    secret-env: DINGTALK_SECRET_BEIYUAN_HITECH
                    rate: 1/1s
                feishu:
                  feishu-qinglan-intl:
                    url: %s
                    hook-env: FEISHU_HOOK_QINGLAN_INTL
                    secret-env: FEISHU_SECRET_QINGLAN_INTL
                    keywords: [开发区简报]
                    rate: [1/300ms, 2/1s]
                webhook:
                  nangang-portal:
                    url: %s
                    secret-env: WEBHOOK_SECRET_NANGANG_PORTAL
                """.formatted(
                        qq.url(), robots.wecomUrl(), robots.dingtalkUrl(), robots.feishuUrl(), webhook.url()));
        Map<String, String> settings = new HashMap<>(RunningDispatcher.byHand(Map.of(
                "dispatcher.delivery.retry-delay-ms",
                "300",
                "dispatcher.delivery.pace-margin-ms",
                "30",
                "ONEBOT_ACCESS_TOKEN",
                "qq-token",
                "WEBHOOK_SECRET_NANGANG_PORTAL",
                "hook-secret")));
        settings.putAll(Map.of(
                "WECOM_KEY_DONGZHOU_ETDZ",
                "key-dongzhou",
                "WECOM_KEY_NANGANG_HITECH",
                "key-nangang",
                "WECOM_KEY_YUNHU_BONDED",
                "key-yunhu",
                "DINGTALK_TOKEN_XILING_ETDZ",
                "token-xiling",
                "DINGTALK_SECRET_XILING_ETDZ",
                "SECxiling",
                "DINGTALK_TOKEN_BEIYUAN_HITECH",
                "token-beiyuan",
                "DINGTALK_SECRET_BEIYUAN_HITECH",
                "SECbeiyuan",
                "FEISHU_HOOK_QINGLAN_INTL",
                "hook-qinglan",
                "FEISHU_SECRET_QINGLAN_INTL",
                "feishu-secret"));
        settings.putAll(secrets);
        dispatcher = RunningDispatcher.start(settings, clock, config);
        http = dispatcher.http();
    }

    @AfterEach
    void shutDown() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        robots.close();
        qq.close();
        webhook.close();
    }

    @Test
    void everyChannelOfEveryZoneGetsTheEditionOncePacedToEachRobotsLimitWithoutOneRefusal() throws Exception {
        boot(Map.of());
        // About 13 KB of Markdown per edition: four WeCom parts (4,096 bytes each at most), one DingTalk, one Feishu.
        String paragraph = "请各开发区于下周一前完成外资项目季度统计的核对，并将核对意见通过系统反馈；逾期未反馈的视为无异议。";
        String body = String.join("\\n\\n", Collections.nCopies(90, paragraph));
        queue("外资项目统计核对", ROBOT_ZONES, body);
        long fired = System.nanoTime();

        String bulletin = fire();

        await().atMost(Duration.ofSeconds(60)).until(() -> unfinished(bulletin) == 0);
        JsonNode all = deliveries(bulletin);
        assertThat(all)
                .allSatisfy(d ->
                        assertThat(d.get("status").asText()).as(d.toString()).isEqualTo("sent"));
        assertThat(robots.refusals())
                .as("no robot refused a message, for its limit or anything else")
                .isEmpty();
        // Deferring a message for its robot's next free moment is not an attempt.
        assertThat(all)
                .allSatisfy(d ->
                        assertThat(d.get("attempts").asInt()).as(d.toString()).isEqualTo(1));

        Map<String, Integer> parts = new HashMap<>();
        for (String[] robot : new String[][] {
            {"wecom", "key-dongzhou"},
            {"wecom", "key-nangang"},
            {"wecom", "key-yunhu"},
            {"dingtalk", "token-xiling"},
            {"dingtalk", "token-beiyuan"},
            {"feishu", "hook-qinglan"}
        }) {
            List<ChatRobotServer.Received> got = robots.received(robot[0], robot[1]);
            assertThat(got).as(robot[1]).isNotEmpty();
            parts.put(robot[1], got.size());
            if (got.size() > 1) {
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).text())
                            .as("%s part %d, once and in order", robot[1], i + 1)
                            .startsWith("（" + (i + 1) + "/" + got.size() + "）");
                }
            }
            assertThat(String.join(
                            "", got.stream().map(ChatRobotServer.Received::text).toList()))
                    .contains("外资项目统计核对")
                    .contains("逾期未反馈的视为无异议");
        }
        assertThat(parts.get("key-dongzhou"))
                .as("a long edition is split for WeCom's 4,096 bytes")
                .isGreaterThanOrEqualTo(3);
        assertThat(robots.received("wecom", "key-dongzhou").get(0).text()).contains("东州经济技术开发区");
        assertThat(robots.received("dingtalk", "token-xiling")).allSatisfy(r -> {
            assertThat(r.title()).contains("周五工作提醒").contains("西岭");
            assertThat(r.text()).contains("开发区简报");
        });
        assertThat(robots.received("feishu", "hook-qinglan").get(0).text())
                .doesNotContain("###")
                .contains("**");

        // Paced in parallel: the slow WeCom robot (2 a second, several parts) holds up no other robot.
        long slowLast = last(robots.received("wecom", "key-dongzhou"));
        assertThat(last(robots.received("dingtalk", "token-beiyuan"))).isLessThan(slowLast);
        assertThat(last(robots.received("feishu", "hook-qinglan"))).isLessThan(slowLast);
        int slowParts = parts.get("key-dongzhou");
        assertThat(Duration.ofNanos(slowLast - fired))
                .as("the slow robot's parts needed its limit's time")
                .isGreaterThanOrEqualTo(Duration.ofMillis((slowParts - 1) / 2 * 1000L));

        // The other channels, once each.
        assertThat(qq.sent().stream().map(OneBotServer.Sent::groupId).distinct().count())
                .isEqualTo(count(all, "qq"));
        assertThat(qq.sent())
                .extracting(OneBotServer.Sent::text)
                .as("no part twice")
                .doesNotHaveDuplicates();
        assertThat(webhook.accepted()).hasSize(1);
        assertThat(dispatcher.mail().getReceivedMessages()).hasSize((int) count(all, "email"));
        assertThat(count(all, "wecom")).isEqualTo(3);
        assertThat(count(all, "dingtalk")).isEqualTo(2);
        assertThat(count(all, "feishu")).isEqualTo(1);
        assertThat(all)
                .filteredOn(d -> !d.get("channel").asText().equals("email")
                        && !d.get("channel").asText().equals("qq")
                        && !d.get("channel").asText().equals("webhook"))
                .allSatisfy(d -> assertThat(d.get("partsSent").asInt())
                        .isEqualTo(parts.get(credential(d.get("address").asText()))));
    }

    /**
     * A robot's message never waits behind emails: with the only email consumer stuck on a mail server that accepted
     * the connection and says nothing, the next bulletin's WeCom message still goes out at once.
     */
    @Test
    void aRobotsMessageGoesOutWhileTheEmailConsumerIsStuckOnASilentMailServer() throws Exception {
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // and never a greeting
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            boot(Map.of(
                    "dispatcher.delivery.consumers",
                    "1",
                    "dispatcher.mail.port",
                    String.valueOf(silent.getLocalPort()),
                    "dispatcher.mail.timeout-ms",
                    "30000"));
            queue("邮件服务器无应答", List.of("xiling-etdz"), "请查收开发区简报。");
            fire();
            await().atMost(Duration.ofSeconds(10)).until(() -> !held.isEmpty());

            queue("企业微信照常发送", List.of("dongzhou-etdz"), "请查收开发区简报。");
            Http.Reply next = http.post("/api/slots/friday-reminders/fire?date=2026-11-27", "application/json", "");
            assertThat(next.status()).as(next.body()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !robots.received("wecom", "key-dongzhou").isEmpty());
            assertThat(robots.received("wecom", "key-dongzhou").get(0).text()).contains("企业微信照常发送");
            assertThat(dispatcher.mail().getReceivedMessages())
                    .as("the mails wait for the silent server")
                    .isEmpty();
        } finally {
            for (Socket socket : held) {
                socket.close(); // the stuck consumer gets its answer: the connection closed
            }
        }
    }

    @Test
    void aRateLimitRefusalIsRetriedAndTheMessageArrivesOnce() throws Exception {
        boot(Map.of());
        robots.script("wecom", "key-yunhu", 45009);
        robots.script("dingtalk", "token-beiyuan", 130101);
        robots.script("feishu", "hook-qinglan", 11232);
        queue("限流后重试", List.of("yunhu-bonded", "beiyuan-hitech", "qinglan-intl"), "请查收开发区简报。");

        String bulletin = fire();

        await().atMost(Duration.ofSeconds(30)).until(() -> unfinished(bulletin) == 0);
        for (String channel : List.of("wecom", "dingtalk", "feishu")) {
            JsonNode d = only(bulletin, channel);
            assertThat(d.get("status").asText()).as(d.toString()).isEqualTo("sent");
            assertThat(d.get("attempts").asInt()).as(d.toString()).isEqualTo(2);
        }
        assertThat(robots.received("wecom", "key-yunhu")).hasSize(1);
        assertThat(robots.received("dingtalk", "token-beiyuan")).hasSize(1);
        assertThat(robots.received("feishu", "hook-qinglan")).hasSize(1);
    }

    @Test
    void aWrongKeySignatureOrHookIsDeadAtOnceWithTheVendorsReason() throws Exception {
        boot(Map.of(
                "WECOM_KEY_YUNHU_BONDED",
                "revoked-key",
                "DINGTALK_SECRET_BEIYUAN_HITECH",
                "SECwrong",
                "FEISHU_SECRET_QINGLAN_INTL",
                "wrong-secret"));
        queue("凭据错误", List.of("yunhu-bonded", "beiyuan-hitech", "qinglan-intl"), "请查收开发区简报。");

        String bulletin = fire();

        await().atMost(Duration.ofSeconds(30)).until(() -> unfinished(bulletin) == 0);
        JsonNode wecom = only(bulletin, "wecom");
        assertThat(wecom.get("status").asText()).isEqualTo("dead");
        assertThat(wecom.get("attempts").asInt()).isEqualTo(1);
        assertThat(wecom.get("lastError").asText())
                .contains("WeCom robot 'wecom-yunhu-bonded'")
                .contains("93000")
                .contains("WECOM_KEY_YUNHU_BONDED");
        JsonNode ding = only(bulletin, "dingtalk");
        assertThat(ding.get("status").asText()).isEqualTo("dead");
        assertThat(ding.get("lastError").asText()).contains("310000").contains("sign not match");
        JsonNode feishu = only(bulletin, "feishu");
        assertThat(feishu.get("status").asText()).isEqualTo("dead");
        assertThat(feishu.get("lastError").asText()).contains("19021");
        assertThat(robots.received()).isEmpty();
        // The zones' other channels are not held up.
        assertThat(deliveries(bulletin))
                .filteredOn(d -> d.get("channel").asText().equals("email"))
                .allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("sent"));
    }

    private static long last(List<ChatRobotServer.Received> received) {
        return received.stream()
                .mapToLong(ChatRobotServer.Received::atNanos)
                .max()
                .orElseThrow();
    }

    private static long count(JsonNode deliveries, String channel) {
        int n = 0;
        for (JsonNode d : deliveries) {
            if (d.get("channel").asText().equals(channel)) {
                n++;
            }
        }
        return n;
    }

    private static String credential(String address) {
        return switch (address) {
            case "wecom:wecom-dongzhou-etdz" -> "key-dongzhou";
            case "wecom:wecom-nangang-hitech" -> "key-nangang";
            case "wecom:wecom-yunhu-bonded" -> "key-yunhu";
            case "dingtalk:ding-xiling-etdz" -> "token-xiling";
            case "dingtalk:ding-beiyuan-hitech" -> "token-beiyuan";
            default -> "hook-qinglan";
        };
    }

    private String fire() {
        return new Office(http).fire("friday-reminders");
    }

    private void queue(String title, List<String> zones, String body) {
        String audience = "{\"zones\": ["
                + String.join(", ", zones.stream().map(z -> "\"" + z + "\"").toList()) + "]}";
        new Office(http).queue("reminder", title, audience, "\"body\": \"" + body + "\"");
    }

    private JsonNode deliveries(String bulletin) {
        return http.get("/api/deliveries?size=200&bulletin=" + bulletin).json().get("items");
    }

    private JsonNode only(String bulletin, String channel) {
        JsonNode items = http.get("/api/deliveries?channel=" + channel + "&bulletin=" + bulletin)
                .json()
                .get("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private long unfinished(String bulletin) {
        JsonNode items = deliveries(bulletin);
        List<String> open = new ArrayList<>();
        items.forEach(d -> {
            String status = d.get("status").asText();
            if (!status.equals("sent") && !status.equals("dead")) {
                open.add(status);
            }
        });
        return items.isEmpty() ? -1 : open.size();
    }
}
