package org.devzone.bulletin.delivery;

/**
 * The deliveries queue. A chat delivery travels in its robot's JMS message group ({@code JMSXGroupID}, the robot's
 * key such as {@code wecom:wecom-dongzhou-etdz} or {@code qq:office-qq}): the broker hands every message of a group to
 * one consumer at a time, across all nodes, so that consumer's pacer sees all of the robot's traffic and its limits
 * hold however many nodes run. Email and webhooks have no group and spread over every consumer.
 */
@FunctionalInterface
public interface DeliveryQueue {

    /** Puts a message on the queue, in {@code group} (or none, null), delivered after {@code delayMillis} (0: now). */
    void send(String payload, String group, long delayMillis);

    /** The message group of a delivery on {@code channel} to {@code address}: its robot, or null. */
    static String group(String channel, String address) {
        if (channel.equals("email") || channel.equals("webhook")) {
            return null;
        }
        int group = address.indexOf('/');
        return group < 0 ? address : address.substring(0, group);
    }
}
