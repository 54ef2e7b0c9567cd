package dev.offheap.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.offheap.capture.Captures;
import dev.offheap.capture.Saved;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /captures[?pid=N]} of {@code offheap export --capture}: the newest capture of each JVM (those followed,
 * then those that ended), one tab-separated line each, for an alert's annotation to link to (a path is never a label).
 * Any other path but /metrics and /-/healthy answers 404 with the list of what is served.
 */
final class CapturesPage implements HttpHandler {
    private final Captures captures;

    CapturesPage(Captures captures) {
        this.captures = captures;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/captures")) {
                send(exchange, 404, "offheap export serves /metrics, /-/healthy and /captures\n");
                return;
            }
            Long pid = pid(exchange.getRequestURI().getQuery());
            if (pid != null && pid < 0) {
                send(exchange, 400, "pid: expected a number, e.g. /captures?pid=4242\n");
                return;
            }
            send(exchange, 200, render(pid));
        }
    }

    /** The page: a header line, then "pid, main class, container, reason, started (UTC), folder, state" per capture. */
    String render(Long pid) {
        List<Saved> rows = new ArrayList<>(captures.latest().values());
        rows.sort(Comparator.comparingLong(s -> s.subject().pid()));
        List<Saved> ended = captures.endedLatest();
        StringBuilder sb = new StringBuilder("# pid\tmain class\tcontainer\treason\tstarted (UTC)\tfolder\tjvm\n");
        for (Saved s : rows) {
            row(sb, s, "followed", pid);
        }
        for (int i = ended.size() - 1; i >= 0; i--) {
            row(sb, ended.get(i), "ended", pid);
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Saved s, String jvm, Long pid) {
        if ((pid != null && s.subject().pid() != pid) || !Files.isDirectory(s.dir())) {
            return; // another JVM's, or removed to keep the folder within its bounds
        }
        sb.append(s.subject().pid()).append('\t').append(s.subject().mainClass()).append('\t')
                .append(s.subject().container()).append('\t').append(s.reason().label()).append('\t')
                .append(Instant.ofEpochMilli(s.startedAtMillis())).append('\t').append(s.dir()).append('\t').append(jvm).append('\n');
    }

    /** "pid=4242" → 4242; null without one; -1 when it is not a number. */
    private static Long pid(String query) {
        if (query == null) {
            return null;
        }
        for (String kv : query.split("&")) {
            if (kv.startsWith("pid=")) {
                try {
                    return Long.parseLong(kv.substring(4));
                } catch (NumberFormatException e) {
                    return -1L;
                }
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
