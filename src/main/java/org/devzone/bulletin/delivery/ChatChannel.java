package org.devzone.bulletin.delivery;

import java.util.List;
import org.devzone.bulletin.platform.StoreException;
import org.devzone.bulletin.zone.ChannelDefinition;
import org.devzone.bulletin.zone.ChannelType;
import org.devzone.bulletin.zone.Channels;

/**
 * What the chat channels share: the delivery's address names a channel of {@code channels.yaml}, the edition is
 * rendered from a chat template and sent in parts paced to the channel's rate ({@link PacedSending}), resuming after
 * the parts an earlier attempt sent. Each chat channel says only how it renders and sends.
 */
abstract class ChatChannel implements Channel {

    private final ChannelType type;
    private final Channels channels;
    private final EditionTemplates templates;
    private final PacedSending paced;

    ChatChannel(ChannelType type, Channels channels, EditionTemplates templates, PacedSending paced) {
        this.type = type;
        this.channels = channels;
        this.templates = templates;
        this.paced = paced;
    }

    @Override
    public final String name() {
        return type.wireName();
    }

    /** The parts to send for this delivery, and how to send each; {@code target} is the address after the type. */
    abstract Message message(Parcel parcel, String target) throws DeliveryFailure;

    /** A chat message: the channel it goes to (its rate), its parts, and how one part is sent. */
    record Message(ChannelDefinition channel, List<String> parts, PacedSending.PartSender sender) {}

    @Override
    public final Sending open() {
        return this::send;
    }

    private Outcome send(Parcel parcel) {
        Delivery d = parcel.delivery();
        try {
            Message message = message(parcel, d.address().substring(d.address().indexOf(':') + 1));
            String providerId = paced.send(d, message.channel(), message.parts(), parcel.slot(), message.sender());
            return new Outcome.Sent(providerId, message.parts().size());
        } catch (DeliveryDeferred deferred) {
            return new Outcome.NotYet(deferred.slot());
        } catch (DeliveryFailure failure) {
            return new Outcome.Failed(failure);
        } catch (StoreException store) {
            throw store;
        } catch (RuntimeException unexpected) {
            return new Outcome.Failed(unexpected);
        }
    }

    /** The channel of {@code channels.yaml} the delivery names. */
    final ChannelDefinition channel(String name) throws DeliveryFailure {
        return channels.find(type, name)
                .orElseThrow(() -> new DeliveryFailure(
                        type.wireName() + " channel '" + name + "' is no longer defined in channels.yaml", true));
    }

    /** The edition rendered by a chat template; a template that fails may be fixed, so it is tried again. */
    final String render(EditionTemplates.Edition edition, String template) throws DeliveryFailure {
        try {
            return templates.render(edition, template);
        } catch (EditionTemplates.TemplateFailure e) {
            throw new DeliveryFailure(e.getMessage(), false, e);
        }
    }
}
