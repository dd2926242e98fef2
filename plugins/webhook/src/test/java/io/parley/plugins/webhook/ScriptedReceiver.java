package io.parley.plugins.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/** A webhook endpoint on 127.0.0.1 (a free port) that answers as scripted and records every request. */
final class ScriptedReceiver implements AutoCloseable {

    /** One scripted answer; {@link #HANG} never answers (until the receiver closes). */
    record Reply(int status, String body) {
        static final Reply HANG = new Reply(-1, "");

        static Reply status(int status) {
            return new Reply(status, "");
        }
    }

    record Received(com.sun.net.httpserver.Headers headers, byte[] body) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;
    private final BlockingQueue<Reply> script = new LinkedBlockingQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Reply otherwise = Reply.status(200);

    ScriptedReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next requests get these answers, in order. */
    ScriptedReceiver answer(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Requests beyond the scripted ones get this (200 unless told). */
    ScriptedReceiver otherwise(Reply reply) {
        otherwise = reply;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
        Reply reply = script.poll();
        if (reply == null) {
            reply = otherwise;
        }
        if (reply == Reply.HANG) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
