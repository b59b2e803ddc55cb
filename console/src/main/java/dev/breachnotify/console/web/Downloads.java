package dev.breachnotify.console.web;

import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.session.Session;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.types.files.StreamedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** A service's file (CSV, JSON Lines, PDF) passed through to the browser as it streams, not held in memory. */
final class Downloads {

    private Downloads() {}

    static HttpResponse<?> pass(
            ServiceClient services, Service service, String path, Session session, String fallbackName) {
        java.net.http.HttpResponse<InputStream> response = services.stream(service, path, session);
        if (response.statusCode() != 200) {
            String problem;
            try (InputStream body = response.body()) {
                problem = new String(body.readNBytes(4_096), StandardCharsets.UTF_8);
            } catch (IOException e) {
                problem = e.toString();
            }
            return HttpResponse.status(HttpStatus.valueOf(response.statusCode()))
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("HTTP " + response.statusCode() + ": " + problem);
        }
        String type =
                response.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(MediaType.APPLICATION_OCTET_STREAM);
        String disposition = response.headers()
                .firstValue(HttpHeaders.CONTENT_DISPOSITION)
                .orElse("attachment; filename=\"" + fallbackName + "\"");
        return HttpResponse.ok(new StreamedFile(response.body(), MediaType.of(type)))
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition);
    }
}
