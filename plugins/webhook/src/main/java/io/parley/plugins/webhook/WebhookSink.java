package io.parley.plugins.webhook;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.spi.plugin.ResultSinkPlugin.ResultSink;
import io.parley.engine.spi.plugin.ResultSinkPlugin.SinkContext;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One configured webhook. {@link #deliver} only prepares the body and hands it to a virtual
 * thread; at most {@code concurrency} of them POST at a time (in arrival order), each retrying its
 * own result with back-off. At most {@code queueSize} results are waiting or in flight: beyond
 * that a result is dead-lettered at once rather than held without bound. Every result ends as
 * exactly one of delivered or dead-lettered (only a failing dead-letter store can lose one, and
 * then its payload goes to the log).
 */
public final class WebhookSink implements ResultSink {
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** After {@code drainTimeout}, how long {@link #close} waits for the interrupted deliveries to be dead-lettered. */
    private static final Duration DEAD_LETTER_GRACE = Duration.ofSeconds(5);
    private static final int RESPONSE_EXCERPT_BYTES = 200;
    private static final System.Logger LOG = System.getLogger(WebhookSink.class.getName());

    private record Delivery(String id, String body, byte[] bytes, String signature) {
    }

    private enum Verdict { DELIVERED, RETRY, REFUSED }

    /** What one POST came to; {@code retryAfter} is the server's Retry-After, or null. */
    private record Attempt(Verdict verdict, String reason, Duration retryAfter) {
        static Attempt retry(String reason) {
            return new Attempt(Verdict.RETRY, reason, null);
        }
    }

    private final WebhookSettings settings;
    private final SinkContext context;
    private final WebhookPayload payload;
    private final Backoff backoff;
    private final HttpClient http;
    private final ExecutorService senders =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("parley-webhook-", 0).factory());
    private final Semaphore sendSlots;
    /** Results handed to a sender and not yet delivered or dead-lettered. */
    private final AtomicInteger pending = new AtomicInteger();
    private final Object drained = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once {@link #close} stops waiting: no attempt starts after that. */
    private volatile boolean abandoned;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();

    WebhookSink(WebhookSettings settings, SinkContext context, Backoff backoff) {
        this.settings = settings;
        this.context = context;
        this.payload = new WebhookPayload(settings.events());
        this.backoff = backoff;
        this.sendSlots = new Semaphore(settings.concurrency(), true);
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public void deliver(EvaluationResult result) {
        String id = UUID.randomUUID().toString();
        payload.body(result, id).ifPresent(body -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            enqueue(new Delivery(id, body, bytes, settings.signer() == null ? null : settings.signer().sign(bytes)));
        });
    }

    private void enqueue(Delivery delivery) {
        if (closed.get()) {
            deadLetter(delivery, 0, "the sink was already closed");
            return;
        }
        if (pending.incrementAndGet() > settings.queueSize()) {
            finished();
            // Written here, in the caller: never losing it is worth slowing an overloaded producer down.
            deadLetter(delivery, 0, "queue full: " + settings.queueSize() + " results were already waiting for "
                    + settings.url());
            return;
        }
        try {
            senders.execute(() -> send(delivery));
        } catch (RejectedExecutionException e) {
            finished();
            deadLetter(delivery, 0, "the sink was already closed");
        }
    }

    private void send(Delivery delivery) {
        int attempts = 0;
        String lastFailure = null;
        try {
            sendSlots.acquire();
            try {
                while (true) {
                    if (abandoned) {
                        // A permit freed by an interrupted sender can come before this thread's own interrupt.
                        throw new InterruptedException("the sink closed");
                    }
                    attempts++;
                    Attempt attempt = post(delivery);
                    lastFailure = attempt.reason();
                    switch (attempt.verdict()) {
                        case DELIVERED -> {
                            delivered.incrementAndGet();
                            return;
                        }
                        case REFUSED -> {
                            deadLetter(delivery, attempts, attempt.reason() + " (not retried)");
                            return;
                        }
                        case RETRY -> {
                            if (attempts >= settings.maxAttempts()) {
                                deadLetter(delivery, attempts, "gave up after " + count(attempts) + "; last: " + lastFailure);
                                return;
                            }
                        }
                    }
                    Thread.sleep(backoff.after(attempts, attempt.retryAfter()));
                    retried.incrementAndGet();
                }
            } finally {
                sendSlots.release();
            }
        } catch (InterruptedException e) {
            // close() ran out of time: keep the result rather than drop it.
            deadLetter(delivery, attempts, attempts == 0 ? "the sink closed before the result was sent"
                    : "the sink closed before the result was delivered (after " + count(attempts)
                    + (lastFailure == null ? ")" : "; last: " + lastFailure + ")"));
        } finally {
            finished();
        }
    }

    private Attempt post(Delivery delivery) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Parley-Webhook/" + WebhookPlugin.VERSION)
                .header("X-Parley-Delivery", delivery.id())
                .header("X-Parley-Timestamp", Long.toString(context.clock().instant().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.bytes()));
        if (delivery.signature() != null) {
            request.header(RequestSigner.HEADER, delivery.signature());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Attempt(Verdict.DELIVERED, null, null);
                }
                // A receiver's error page can be large: its start is enough to say why.
                String excerpt = new String(body.readNBytes(RESPONSE_EXCERPT_BYTES), StandardCharsets.UTF_8).strip();
                String reason = "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt.replaceAll("\\s+", " "));
                if (status == 408 || status == 429 || status >= 500) {
                    return new Attempt(Verdict.RETRY, reason, retryAfter(response));
                }
                return new Attempt(Verdict.REFUSED,
                        status < 400 ? reason + " (redirects are not followed: configure the final URL)" : reason, null);
            }
        } catch (HttpConnectTimeoutException e) {
            return Attempt.retry("could not connect within " + format(settings.timeout()));
        } catch (HttpTimeoutException e) {
            return Attempt.retry("no response within " + format(settings.timeout()));
        } catch (IOException e) {
            return Attempt.retry("connection failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** Retry-After in seconds; the HTTP-date form is rare for webhooks and ignored. */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(value -> value.strip().matches("\\d{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value.strip())))
                .orElse(null);
    }

    private void deadLetter(Delivery delivery, int attempts, String reason) {
        try {
            context.deadLetters().add(WebhookPlugin.ID, settings.url().toString(), delivery.body(), attempts, reason);
            deadLettered.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "could not keep an undelivered webhook payload as a dead letter (" + reason
                    + "); the payload was: " + delivery.body(), e);
        }
    }

    private void finished() {
        if (pending.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /**
     * Stops taking results, waits up to {@code drainTimeout} for those pending to be delivered,
     * then dead-letters whatever is left (still waiting, or between retries) with the reason.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        awaitDrained();
        abandoned = true;
        senders.shutdownNow();
        try {
            if (!senders.awaitTermination(DEAD_LETTER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, pending.get() + " webhook deliveries were still being dead-lettered at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.shutdownNow();
    }

    private void awaitDrained() {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        synchronized (drained) {
            while (pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Results delivered with a 2xx answer. */
    public long delivered() {
        return delivered.get();
    }

    /** Attempts that were retried (not counting each result's first). */
    public long retried() {
        return retried.get();
    }

    /** Results kept as dead letters. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /** Results waiting or in flight. */
    public int pending() {
        return pending.get();
    }

    private static String count(int attempts) {
        return attempts == 1 ? "1 attempt" : attempts + " attempts";
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
