package org.devzone.bulletin.zone;

import java.util.Objects;

/**
 * Where a zone reads one messaging channel: a channel defined in {@code channels.yaml} and, for QQ, the group the bot
 * posts to.
 */
public record ChannelEndpoint(ChannelType type, String channel, String groupId) {

    public ChannelEndpoint {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        if (type == ChannelType.QQ && (groupId == null || groupId.isBlank())) {
            throw new IllegalArgumentException("a QQ endpoint needs a group id");
        }
        if (type != ChannelType.QQ && groupId != null) {
            throw new IllegalArgumentException("only QQ endpoints have a group id");
        }
    }

    /** How the endpoint is addressed in the ledger and logs, for example {@code qq:office-bot/700100001}. */
    public String address() {
        return type.wireName() + ":" + channel + (groupId == null ? "" : "/" + groupId);
    }
}
