package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.devzone.bulletin.testing.ChatRobotServer;
import org.junit.jupiter.api.Test;

/** The vendors' published test vectors, for the dispatcher's signatures and for the test robots that check them. */
class RobotSigningTest {

    @Test
    void dingTalkSignsLikeTheVendorsVector() {
        String vector = "7LVwF0dAF3%2F%2BMRRulbpE4y72Ogzykc6bS2nG4I99T4s%3D";
        assertThat(DingTalkRobot.sign(1700000000000L, "SECtestsecret")).isEqualTo(vector);
        assertThat(URLEncoder.encode(
                        ChatRobotServer.dingTalkSignature(1700000000000L, "SECtestsecret"), StandardCharsets.UTF_8))
                .isEqualTo(vector);
        assertThat(DingTalkRobot.sign(1700000000001L, "SECtestsecret")).isNotEqualTo(vector);
    }

    @Test
    void feishuSignsLikeTheVendorsVector() {
        String vector = "AOc8oJ7//5OlQlfWC3nRL0R+IkuzcD1FKcAyibRK9Q8=";
        assertThat(FeishuRobot.sign(1700000000L, "testsecret")).isEqualTo(vector);
        assertThat(ChatRobotServer.feishuSignature(1700000000L, "testsecret")).isEqualTo(vector);
        assertThat(FeishuRobot.sign(1700000000L, "testsecret2")).isNotEqualTo(vector);
    }

    @Test
    void everyPartCarriesARequiredKeywordAndStaysWithinTheRobotsLimit() {
        String text = ("第一段：请各开发区核对统计口径并按时报送。".repeat(40) + "\n\n").repeat(6).strip();
        List<String> parts = RobotChannel.withKeywords(text, 4096, List.of("开发区简报", "通知"));

        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
            assertThat(p).containsAnyOf("开发区简报", "通知");
        });
        assertThat(parts.get(0)).startsWith("（1/").endsWith("【开发区简报】");
        // A part that already holds one is left as it is.
        assertThat(RobotChannel.withKeywords("请查收通知。", 4096, List.of("开发区简报", "通知")))
                .containsExactly("请查收通知。");
    }
}
