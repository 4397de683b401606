package org.devzone.bulletin.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.devzone.bulletin.platform.ApiException;
import org.devzone.bulletin.platform.FieldError;
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

    public void receive(Exchange exchange) {
        Message message = exchange.getMessage();
        String messageId = message.getHeader("JMSMessageID", String.class);
        byte[] body = message.getBody(byte[].class);
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
        List<FieldError> errors = caught instanceof ApiException api
                ? api.errors()
                : List.of(new FieldError("$", String.valueOf(caught)));
        Message message = exchange.getMessage();
        message.setHeader(REASON, errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        ArrayNode json = mapper.createArrayNode();
        errors.forEach(e -> json.addObject().put("field", e.field()).put("message", e.message()));
        message.setHeader(ERRORS, mapper.writeValueAsString(json));
        LOG.warn("Invalid notice on JMS (message {}) moved to the invalid queue: {}",
                message.getHeader("JMSMessageID"), message.getHeader(REASON));
    }
}
