package dev.breachnotify.ack.page;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/**
 * Renders the pages' templates ({@code src/main/jte}, compiled to Java by the jte-maven-plugin into
 * {@value #TEMPLATES}) into UTF-8 responses. Content type {@code Html}: jte escapes every value for where it
 * stands, so that no text of an advisory, a practice or a form can add markup.
 */
@Singleton
public class PageRenderer {

    /** The package of the compiled templates (the plugin's {@code packageName}). */
    static final String TEMPLATES = "dev.breachnotify.ack.page.html";

    private static final MediaType HTML = MediaType.of("text/html;charset=utf-8");

    private final TemplateEngine engine =
            TemplateEngine.createPrecompiled(null, ContentType.Html, PageRenderer.class.getClassLoader(), TEMPLATES);

    /** The page as UTF-8 bytes; {@code template} without {@code .jte}. */
    byte[] render(String template, Object page) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        engine.render(template + ".jte", page, output);
        return output.toByteArray();
    }

    /** A response with the page. */
    MutableHttpResponse<byte[]> respond(HttpStatus status, String template, Object page) {
        return HttpResponse.status(status).contentType(HTML).body(render(template, page));
    }
}
