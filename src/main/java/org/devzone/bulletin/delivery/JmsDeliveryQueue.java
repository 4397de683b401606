package org.devzone.bulletin.delivery;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;

/**
 * The deliveries queue on the broker, spoken to in plain JMS: persistent text messages, the robot's message group in
 * {@code JMSXGroupID}, a delay in ActiveMQ's {@code AMQ_SCHEDULED_DELAY}, urgent ones with a higher priority. Many messages go in transactions of
 * {@value #BATCH}, so a fan-out to ten thousand addresses costs a few dozen commits, not ten thousand synchronous sends.
 */
public final class JmsDeliveryQueue implements DeliveryQueue {

    static final int BATCH = 500;

    private final ConnectionFactory factory;
    private final String queue;

    /** @param factory a pooling connection factory (a connection per call is taken from it and given back) */
    public JmsDeliveryQueue(ConnectionFactory factory, String queue) {
        this.factory = factory;
        this.queue = queue;
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
                MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            int inTransaction = 0;
            for (Queued queued : messages) {
                TextMessage message = session.createTextMessage(queued.payload());
                if (queued.group() != null) {
                    message.setStringProperty("JMSXGroupID", queued.group());
                }
                if (queued.delayMillis() > 0) {
                    message.setLongProperty("AMQ_SCHEDULED_DELAY", queued.delayMillis());
                }
                producer.send(message, DeliveryMode.PERSISTENT, queued.priority(), 0);
                if (++inTransaction == BATCH) {
                    session.commit();
                    inTransaction = 0;
                }
            }
            if (inTransaction > 0) {
                session.commit();
            }
        } catch (JMSException e) {
            throw new IllegalStateException("the broker refused messages for " + queue + ": " + e.getMessage(), e);
        }
    }
}
