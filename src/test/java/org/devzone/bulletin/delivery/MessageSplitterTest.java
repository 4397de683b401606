package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {

    @Test
    void aMessageThatFitsIsLeftAlone() {
        assertThat(MessageSplitter.split("短消息", 100, MessageSplitter.CHARACTERS))
                .containsExactly("短消息");
    }

    @Test
    void longMessagesSplitAtParagraphsIntoNumberedPartsThatEachFit() {
        String paragraph = "东州经开区推行企业服务专员制度。".repeat(2);
        String text = String.join("\n\n", paragraph, paragraph, paragraph, paragraph);

        List<String> parts = MessageSplitter.split(text, 200, MessageSplitter.UTF8_BYTES);

        assertThat(parts)
                .as("one 96-byte paragraph per part")
                .hasSize(4)
                .allSatisfy(p ->
                        assertThat(MessageSplitter.UTF8_BYTES.applyAsInt(p)).isLessThanOrEqualTo(200));
        assertThat(parts.get(0)).startsWith("（1/" + parts.size() + "）\n" + paragraph);
        assertThat(parts.get(parts.size() - 1)).startsWith("（" + parts.size() + "/" + parts.size() + "）\n");
        String rejoined = String.join(
                "\n\n",
                parts.stream().map(p -> p.substring(p.indexOf('\n') + 1)).toList());
        assertThat(rejoined).isEqualTo(text);
    }

    @Test
    void aParagraphLongerThanAPartIsCutBetweenCharactersNeverInsideOne() {
        String text = "𠀀汉字".repeat(100);

        List<String> parts = MessageSplitter.split(text, 60, MessageSplitter.UTF8_BYTES);

        assertThat(parts).allSatisfy(p -> {
            assertThat(MessageSplitter.UTF8_BYTES.applyAsInt(p)).isLessThanOrEqualTo(60);
            assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
        });
        assertThat(String.join(
                        "",
                        parts.stream()
                                .map(p -> p.substring(p.indexOf('\n') + 1))
                                .toList()))
                .isEqualTo(text);
    }
}
