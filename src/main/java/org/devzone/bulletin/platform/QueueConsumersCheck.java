package org.devzone.bulletin.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

/**
 * Readiness: every queue the dispatcher consumes has consumers that run. A listener container whose consumers could
 * not be set up keeps trying on its own (and the broker may look fine meanwhile); while it does, the dispatcher is not
 * ready, and if it has not recovered within {@code restartAfter} its route is restarted, which makes new connections.
 */
public final class QueueConsumersCheck extends DispatcherHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConsumersCheck.class);

    private final Duration restartAfter;
    private final BooleanSupplier brokerUp;
    private final LongSupplier nanos;
    private final Map<String, Long> downSince = new ConcurrentHashMap<>();

    /** @param brokerUp whether a new connection to the broker can be made now (a restart cannot help otherwise) */
    public QueueConsumersCheck(Duration restartAfter, BooleanSupplier brokerUp, LongSupplier nanos) {
        super("queue-consumers", true);
        this.restartAfter = restartAfter;
        this.brokerUp = brokerUp;
        this.nanos = nanos;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> problems = problems(getCamelContext());
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.down().message(String.join("; ", problems));
        }
    }

    /**
     * Called every few seconds: restarts the route of a queue whose consumers have not run for {@code restartAfter}
     * while the broker itself answers (when it does not, the consumers reconnect on their own once it is back).
     */
    public void mend() {
        CamelContext context = getCamelContext();
        if (!brokerUp.getAsBoolean()) {
            downSince.clear();
            return;
        }
        List<String> down = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            String problem = problem(context, route);
            if (problem == null) {
                downSince.remove(route.getRouteId());
                continue;
            }
            down.add(route.getRouteId());
            long since = downSince.computeIfAbsent(route.getRouteId(), id -> nanos.getAsLong());
            if (Duration.ofNanos(nanos.getAsLong() - since).compareTo(restartAfter) >= 0) {
                LOG.warn("Restarting route {}: {} for {} s", route.getRouteId(), problem, restartAfter.toSeconds());
                downSince.remove(route.getRouteId());
                try {
                    context.getRouteController().stopRoute(route.getRouteId());
                    context.getRouteController().startRoute(route.getRouteId());
                } catch (Exception e) {
                    LOG.warn(
                            "Route {} could not be restarted; trying again later: {}",
                            route.getRouteId(),
                            e.toString());
                }
            }
        }
        downSince.keySet().retainAll(down);
    }

    private static List<String> problems(CamelContext context) {
        List<String> problems = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            String problem = problem(context, route);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    /** Why a started JMS route's consumers are not running, or null when they are (or it is no JMS route). */
    private static String problem(CamelContext context, Route route) {
        if (!(route.getConsumer() instanceof JmsConsumer consumer)
                || context.getRouteController().getRouteStatus(route.getRouteId()) != ServiceStatus.Started) {
            return null;
        }
        String queue = consumer.getEndpoint().getDestinationName();
        AbstractMessageListenerContainer container;
        try {
            container = consumer.getListenerContainer(); // made when the route started
        } catch (Exception e) {
            return "the consumers of queue " + queue + " cannot be made: " + e.getMessage();
        }
        if (container == null || !container.isRunning()) {
            return "the consumers of queue " + queue + " are not running";
        }
        if (container instanceof DefaultMessageListenerContainer listeners
                && (listeners.isRecovering() || listeners.getActiveConsumerCount() == 0)) {
            return "the consumers of queue " + queue + " cannot be set up (recovering: the broker connection failed)";
        }
        return null;
    }
}
