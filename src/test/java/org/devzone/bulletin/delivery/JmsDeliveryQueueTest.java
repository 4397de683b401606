package org.devzone.bulletin.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.devzone.bulletin.testing.ExternalBroker;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deliveries queues on a real broker with its scheduler: which queue a message goes on, and a message queued to
 * wait (a robot's later window) waits as long as asked from when it was queued.
 */
class JmsDeliveryQueueTest {

    private BrokerService broker;
    private ActiveMQConnectionFactory factory;
    private Connection connection;
    private Session session;

    @BeforeEach
    void startBroker() throws Exception {
        int port = RunningDispatcher.freePort();
        broker = ExternalBroker.start(port);
        factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        connection = factory.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void stopBroker() throws Exception {
        try {
            connection.close();
        } finally {
            broker.stop();
        }
    }

    /** The broker counts a delay from the commit, so the time the rest of a large fan-out took is not added to it. */
    @Test
    void aDelayCountsFromWhenTheMessagesWereQueuedNotFromTheCommit() throws Exception {
        MessageConsumer consumer = session.createConsumer(session.createQueue("bulletin.deliveries"));
        // Between the call and the second message, 30 s pass on this queue's clock (a large fan-out on a loaded
        // machine); the second was asked to wait 30.5 s from the call, so half a second is left of it.
        AtomicLong calls = new AtomicLong();
        JmsDeliveryQueue queue = new JmsDeliveryQueue(
                factory,
                "bulletin.deliveries",
                "bulletin.deliveries.chat",
                () -> calls.getAndIncrement() == 0 ? 0 : 30_000);

        queue.sendAll(List.of(
                new DeliveryQueue.Queued("{\"v\":1,\"delivery\":\"now\"}", null, 0, DeliveryQueue.NORMAL),
                new DeliveryQueue.Queued("{\"v\":1,\"delivery\":\"later\"}", null, 30_500, DeliveryQueue.NORMAL)));

        assertThat(text(consumer.receive(10_000))).contains("now");
        assertThat(text(consumer.receive(10_000)))
                .as("out of the broker's scheduler after the half second left, not 30.5 s after the commit")
                .contains("later");
    }

    /**
     * A robot's messages go on the chat queue in its group, where waiting for the robot's window holds up no email;
     * emails and webhooks on the deliveries queue.
     */
    @Test
    void aRobotsMessagesTravelOnTheChatQueueInTheirGroupAndEmailsOnTheDeliveriesQueue() throws Exception {
        MessageConsumer deliveries = session.createConsumer(session.createQueue("bulletin.deliveries"));
        MessageConsumer chat = session.createConsumer(session.createQueue("bulletin.deliveries.chat"));
        String robot = DeliveryQueue.group("wecom", "wecom:wecom-dongzhou-etdz");

        new JmsDeliveryQueue(factory, "bulletin.deliveries", "bulletin.deliveries.chat")
                .sendAll(List.of(
                        new DeliveryQueue.Queued("{\"v\":1,\"delivery\":\"mail\"}", null, 0, DeliveryQueue.NORMAL),
                        new DeliveryQueue.Queued("{\"v\":1,\"delivery\":\"robot\"}", robot, 0, DeliveryQueue.NORMAL)));

        assertThat(text(deliveries.receive(10_000))).contains("mail");
        Message robotMessage = chat.receive(10_000);
        assertThat(text(robotMessage)).contains("robot");
        assertThat(robotMessage.getStringProperty("JMSXGroupID")).isEqualTo("wecom:wecom-dongzhou-etdz");
        assertThat(deliveries.receiveNoWait()).isNull();
        assertThat(chat.receiveNoWait()).isNull();
    }

    private static String text(Message message) throws Exception {
        assertThat(message).isNotNull();
        return ((TextMessage) message).getText();
    }
}
