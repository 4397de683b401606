package org.devzone.bulletin.delivery;

import java.util.List;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.Channels;

/** A plain webhook ({@code webhook:<channel>}): the edition as signed JSON with the chat Markdown, in one part. */
final class WebhookChannel extends ChatChannel {

    private final WebhookSender webhooks;

    WebhookChannel(Channels channels, EditionTemplates templates, PacedSending paced, WebhookSender webhooks) {
        super(ChannelType.WEBHOOK, channels, templates, paced);
        this.webhooks = webhooks;
    }

    @Override
    Message message(Parcel parcel, String target) throws DeliveryFailure {
        ChannelDefinition channel = channel(target);
        Delivery d = parcel.delivery();
        String markdown = render(parcel.edition(), "chat.md.ftl");
        return new Message(
                channel,
                List.of(markdown),
                part -> webhooks.send(channel, d.id(), d.bulletinId(), parcel.edition(), part));
    }
}
