package org.devzone.bulletin.delivery;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The deliveries queues on the broker, spoken to in plain JMS: persistent text messages, a delay in ActiveMQ's {@code
 * AMQ_SCHEDULED_DELAY}, urgent ones with a higher priority. A message in a robot's group ({@code JMSXGroupID}) goes on
 * the chat queue, whose consumers may wait for a robot's window without holding up a fan-out's emails; the rest on the
 * deliveries queue. Many messages go in transactions of {@value #BATCH}, so a fan-out to ten thousand addresses costs a
 * few dozen commits, not ten thousand synchronous sends; delayed ones {@value #DELAYED_BATCH} at most, as the broker
 * counts a delay from the commit.
 */
public final class JmsDeliveryQueue implements DeliveryQueue {

    static final int BATCH = 500;
    /** Delayed messages a transaction holds at most: the broker counts their delays from its commit. */
    static final int DELAYED_BATCH = 20;

    private final ConnectionFactory factory;
    private final String queue;
    private final String chatQueue;
    private final LongSupplier millis;

    /**
     * @param factory a pooling connection factory (a connection per call is taken from it and given back)
     * @param queue where messages without a group go
     * @param chatQueue where messages in a robot's group go
     */
    public JmsDeliveryQueue(ConnectionFactory factory, String queue, String chatQueue) {
        this(factory, queue, chatQueue, System::currentTimeMillis);
    }

    JmsDeliveryQueue(ConnectionFactory factory, String queue, String chatQueue, LongSupplier millis) {
        this.factory = factory;
        this.queue = queue;
        this.chatQueue = chatQueue;
        this.millis = millis;
    }

    @Override
    public void send(String payload, String group, long delayMillis) {
        sendAll(List.of(new Queued(payload, group, delayMillis, NORMAL)));
    }

    @Override
    public void sendAll(List<Queued> messages) {
        if (messages.isEmpty()) {
            return;
        }
        try (Connection connection = factory.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(null)) {
            Queue deliveries = session.createQueue(queue);
            Queue chat = session.createQueue(chatQueue);
            long called = millis.getAsLong();
            int inTransaction = 0;
            int delayed = 0;
            for (Queued queued : messages) {
                TextMessage message = session.createTextMessage(queued.payload());
                if (queued.group() != null) {
                    message.setStringProperty("JMSXGroupID", queued.group());
                }
                Queue to = queued.group() == null ? deliveries : chat;
                // A delay counts from this call. The broker counts it from the commit, so the time since the call is
                // taken off and a transaction holding delayed messages is committed after a few of them.
                long delay = queued.delayMillis() > 0 ? queued.delayMillis() - (millis.getAsLong() - called) : 0;
                if (delay > 0) {
                    message.setLongProperty("AMQ_SCHEDULED_DELAY", delay);
                    delayed++;
                }
                producer.send(to, message, DeliveryMode.PERSISTENT, queued.priority(), 0);
                if (++inTransaction == BATCH || delayed == DELAYED_BATCH) {
                    session.commit();
                    inTransaction = 0;
                    delayed = 0;
                }
            }
            if (inTransaction > 0) {
                session.commit();
            }
        } catch (JMSException e) {
            throw new IllegalStateException("the broker refused deliveries: " + e.getMessage(), e);
        }
    }
}
