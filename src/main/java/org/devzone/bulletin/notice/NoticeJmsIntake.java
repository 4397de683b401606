package org.devzone.bulletin.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.activemq.command.ActiveMQMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.devzone.bulletin.platform.FieldError;
import org.devzone.bulletin.platform.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices pushed by other office systems onto the {@code bulletin.notices} queue. The JMS message id is the intake
 * key, so a broker redelivery of a message already stored finds the stored row instead of adding one.
 */
public final class NoticeJmsIntake {

    /** JMS properties set on a message moved to the invalid-notices queue. */
    public static final String REASON = "invalidReason";

    public static final String ERRORS = "invalidErrors";

    private static final Logger LOG = LoggerFactory.getLogger(NoticeJmsIntake.class);

    private final NoticeService service;
    private final ObjectMapper mapper;

    public NoticeJmsIntake(NoticeService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    /**
     * Reads the JMS message itself (the route does not let Camel map it: an {@code ObjectMessage}'s body would be
     * deserialised): a TextMessage or a BytesMessage carries the notice's JSON; anything else is refused, its content
     * kept as bytes for the invalid queue, never deserialised.
     */
    public void receive(Exchange exchange) throws JMSException {
        Message message = exchange.getMessage();
        String messageId = message.getHeader("JMSMessageID", String.class);
        jakarta.jms.Message jms = message.getBody(jakarta.jms.Message.class);
        byte[] body;
        if (jms instanceof TextMessage text) {
            String json = text.getText();
            message.setBody(json);
            body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        } else if (jms instanceof BytesMessage bytes) {
            body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            message.setBody(body);
        } else {
            byte[] raw = jms instanceof ActiveMQMessage activeMq && activeMq.getContent() != null
                    ? activeMq.getContent().getData()
                    : new byte[0];
            message.setBody(raw);
            String kind = jms == null ? "空消息" : jms.getClass().getSimpleName().replace("ActiveMQ", "");
            throw Refusal.invalid(
                    "通知无法读取",
                    List.of(new FieldError(
                            "$", "不接受 " + kind + "：请以 TextMessage 或 BytesMessage（UTF-8）发送通知的 JSON（Java 对象消息不会被反序列化）")));
        }
        NoticeStore.Stored stored = service.accept(body, "jms", messageId == null ? null : "jms:" + messageId);
        Notice notice = stored.notice();
        if (stored.created()) {
            LOG.info("Notice {} queued from JMS for slot {}: {}", notice.id(), notice.slot(), notice.title());
        } else {
            LOG.info("Notice {} was already stored; JMS message {} changes nothing", notice.id(), messageId);
        }
    }

    /**
     * Called by the JMS intake's route configuration before a rejected message moves to the invalid queue: records
     * why, as a readable line and as JSON, in properties of the message.
     */
    public void explainRejection(Exchange exchange) throws Exception {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        List<FieldError> errors = caught instanceof Refusal refusal
                ? refusal.errors()
                : List.of(new FieldError("$", String.valueOf(caught)));
        Message message = exchange.getMessage();
        message.setHeader(
                REASON, errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        ArrayNode json = mapper.createArrayNode();
        errors.forEach(e -> json.addObject().put("field", e.field()).put("message", e.message()));
        message.setHeader(ERRORS, mapper.writeValueAsString(json));
        LOG.warn(
                "Invalid notice on JMS (message {}) moved to the invalid queue: {}",
                message.getHeader("JMSMessageID"),
                message.getHeader(REASON));
    }
}
