package org.devzone.bulletin.delivery;

import java.util.List;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.Channels;

/**
 * A group robot ({@code wecom:}, {@code dingtalk:}, {@code feishu:<robot>}): the chat Markdown under a title, in
 * numbered parts when longer than the robot takes, each part holding one of the robot's required keywords. The
 * vendor's wire format and signature are its {@link ChatRobot}.
 */
final class RobotChannel extends ChatChannel {

    private final ChatRobot robot;

    RobotChannel(ChatRobot robot, Channels channels, EditionTemplates templates, PacedSending paced) {
        super(robot.type(), channels, templates, paced);
        this.robot = robot;
    }

    @Override
    Message message(Parcel parcel, String target) throws DeliveryFailure {
        ChannelDefinition definition = channel(target);
        EditionTemplates.Edition edition = parcel.edition();
        List<String> parts =
                withKeywords(render(edition, "chat.md.ftl").strip(), robot.maxBytes(), definition.keywords());
        String title = (edition.urgent() ? "【急】" : "") + edition.slotName() + " · " + edition.zoneName();
        int[] number = {parcel.delivery().partsSent()};
        return new Message(definition, parts, part -> {
            number[0]++;
            return robot.send(
                    definition, parts.size() == 1 ? title : title + "（" + number[0] + "/" + parts.size() + "）", part);
        });
    }

    /**
     * Splits for the robot, and adds a line with the first keyword to any part that has none of them: DingTalk and
     * Feishu robots with keywords refuse every message without one.
     */
    static List<String> withKeywords(String text, int maxBytes, List<String> keywords) {
        if (keywords.isEmpty()) {
            return MessageSplitter.split(text, maxBytes, MessageSplitter.UTF8_BYTES);
        }
        String tag = "\n\n【" + keywords.get(0) + "】";
        List<String> parts = MessageSplitter.split(
                text, maxBytes - MessageSplitter.UTF8_BYTES.applyAsInt(tag), MessageSplitter.UTF8_BYTES);
        return parts.stream()
                .map(p -> keywords.stream().anyMatch(p::contains) ? p : p + tag)
                .toList();
    }
}
