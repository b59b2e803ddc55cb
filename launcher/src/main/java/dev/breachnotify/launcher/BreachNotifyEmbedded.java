package dev.breachnotify.launcher;

import java.util.concurrent.CountDownLatch;

/**
 * {@code ./mvnw -Prun}: runs the whole pipeline in this JVM until Ctrl-C.
 * Options: see {@link PipelineSettings}.
 */
public final class BreachNotifyEmbedded {

    private BreachNotifyEmbedded() {
    }

    public static void main(String[] args) throws Exception {
        PipelineSettings settings;
        try {
            settings = PipelineSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("breach-notify: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.currentTimeMillis();
        EmbeddedPipeline pipeline = EmbeddedPipeline.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping breach-notify ...");
            pipeline.close();
            System.out.println("Stopped. Data kept in " + pipeline.dataDir());
            stopped.countDown();
        }, "breach-notify-shutdown"));
        System.out.println(pipeline.summary(System.currentTimeMillis() - started));
        stopped.await();
    }
}
