import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The baseline a typical Camel user gets: a plain camel-mail route (one SMTP connection per message) sending COUNT
 * personalised mails of about SIZE bytes from THREADS threads, after WARMUP mails that are not timed (so that the JIT
 * is done, as for the dispatcher). Prints the messages per second.
 *
 * <pre>java -cp bulletin-dispatcher.jar:classes CamelMailBaseline HOST PORT COUNT SIZE THREADS [WARMUP]</pre>
 */
public final class CamelMailBaseline {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:mail")
                            .routeId("plain-camel-mail")
                            .to("smtp://" + host + ":" + port + "?contentType=text/plain;charset=UTF-8");
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            // The body fills the mail to the dispatcher's size, less the headers camel-mail writes (about 500 bytes).
            String filler = "各开发区请按时参加本周工作会议，并于周五前反馈。\n".repeat(Math.max(1, (size - 500) / 70));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            if (warmup > 0) {
                send(pool, producer, filler, warmup, threads);
            }
            long start = System.nanoTime();
            send(pool, producer, filler, count, threads);
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("%.1f%n", count / seconds);
            System.err.printf(
                    "plain camel-mail: %d mails in %.2f s (%d bytes of body each)%n",
                    count, seconds, ("第0开发区：\n" + filler).getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private static void send(ExecutorService pool, ProducerTemplate producer, String filler, int count, int threads)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    Map<String, Object> headers = new HashMap<>();
                    headers.put("From", "bulletin@devzone-office.example.org");
                    headers.put("To", "contact" + i + "@zone-" + i + ".example.org");
                    headers.put("Subject", "【工作提醒】第" + i + "开发区：本周工作提醒");
                    producer.sendBodyAndHeaders("direct:mail", "第" + i + "开发区：\n" + filler, headers);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
    }
}
