package org.devzone.bulletin.delivery;

import java.util.List;

/**
 * The deliveries queues. A chat delivery travels on the chat queue in its robot's JMS message group ({@code
 * JMSXGroupID}, the robot's key such as {@code wecom:wecom-dongzhou-etdz} or {@code qq:office-qq}): the broker hands
 * every message of a group to one consumer at a time, across all nodes, so that consumer's pacer sees all of the
 * robot's traffic and its limits hold however many nodes run. Email and webhooks have no group and go on the
 * deliveries queue, spread over its consumers.
 */
@FunctionalInterface
public interface DeliveryQueue {

    /** JMS priorities: an urgent bulletin's deliveries overtake a weekly fan-out waiting on the queue. */
    int NORMAL = 4;

    int URGENT = 9;

    /**
     * One message for the queue: its payload, its group (or null), how long it waits first (0: none) and its JMS
     * priority.
     */
    record Queued(String payload, String group, long delayMillis, int priority) {}

    /** Puts a message on the queue, in {@code group} (or none, null), delivered after {@code delayMillis} (0: now). */
    void send(String payload, String group, long delayMillis);

    /**
     * Puts many messages on the queue; a fan-out's thousands go together (the JMS queue sends them in a few
     * transactions rather than one synchronous send each), each delay counted from this call however long the sending
     * takes. When it throws, some may have been queued.
     */
    default void sendAll(List<Queued> messages) {
        messages.forEach(m -> send(m.payload(), m.group(), m.delayMillis()));
    }

    /** The message group of a delivery on {@code channel} to {@code address}: its robot, or null. */
    static String group(String channel, String address) {
        if (channel.equals("email") || channel.equals("webhook")) {
            return null;
        }
        int group = address.indexOf('/');
        return group < 0 ? address : address.substring(0, group);
    }
}
