package org.devzone.bulletin.delivery;

import java.util.List;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.Channels;

/** A QQ group through a OneBot bot ({@code qq:<bot>/<group>}): plain text, in numbered parts when long. */
final class QqChannel extends ChatChannel {

    private final OneBotSender oneBot;
    private final int maxCharacters;

    QqChannel(
            Channels channels, EditionTemplates templates, PacedSending paced, OneBotSender oneBot, int maxCharacters) {
        super(ChannelType.QQ, channels, templates, paced);
        this.oneBot = oneBot;
        this.maxCharacters = maxCharacters;
    }

    @Override
    Message message(Parcel parcel, String target) throws DeliveryFailure {
        String[] botAndGroup = target.split("/", 2);
        ChannelDefinition bot = channel(botAndGroup[0]);
        String text = render(parcel.edition(), "chat.txt.ftl").strip();
        List<String> parts = MessageSplitter.split(text, maxCharacters, MessageSplitter.CHARACTERS);
        return new Message(bot, parts, part -> oneBot.send(bot, botAndGroup[1], part));
    }
}
