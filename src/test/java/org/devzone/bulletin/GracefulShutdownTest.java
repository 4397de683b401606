package org.devzone.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;
import org.devzone.bulletin.testing.Http;
import org.devzone.bulletin.testing.Notices;
import org.devzone.bulletin.testing.RunningDispatcher;
import org.junit.jupiter.api.Test;

/** Ctrl-C while a notice is being processed: it finishes before the broker and database stop, and is kept once. */
class GracefulShutdownTest {

    @Test
    void aNoticeInFlightWhenTheDispatcherStopsIsStoredExactlyOnce() throws Exception {
        try (RunningDispatcher dispatcher = RunningDispatcher.start()) {
            CountDownLatch inFlight = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AdviceWith.adviceWith(
                    dispatcher.context(),
                    "notice-intake-jms",
                    route -> route.weaveAddFirst().process(e -> {
                        inFlight.countDown();
                        release.await(20, TimeUnit.SECONDS);
                    }));
            dispatcher.sendText("bulletin.notices", Notices.valid("关机时正在处理的通知"));
            assertThat(inFlight.await(20, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> stopping =
                    CompletableFuture.runAsync(() -> dispatcher.context().stop());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> dispatcher.context().isStopping());
            assertThat(stopping).as("shutdown waits for the message in flight").isNotDone();
            release.countDown();
            stopping.get(30, TimeUnit.SECONDS);

            dispatcher.restart();

            Http http = dispatcher.http();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.get("/api/notices?size=200")
                            .json()
                            .get("items")
                            .findValuesAsText("title")
                            .contains("关机时正在处理的通知"));
            assertThat(http.get("/api/notices").json().get("total").asLong()).isEqualTo(1);
        }
    }
}
