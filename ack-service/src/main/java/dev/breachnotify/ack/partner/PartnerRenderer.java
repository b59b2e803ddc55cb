package dev.breachnotify.ack.partner;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

/**
 * Renders the partner page's templates ({@code src/main/jte-partner}, compiled to Java at build time into
 * {@value #TEMPLATES}) as UTF-8. Content type {@code Html}: every value is escaped for where it stands.
 */
@Singleton
class PartnerRenderer {

    static final String TEMPLATES = "dev.breachnotify.ack.partner.html";

    private static final MediaType HTML = MediaType.of("text/html;charset=utf-8");

    private final TemplateEngine engine =
            TemplateEngine.createPrecompiled(null, ContentType.Html, PartnerRenderer.class.getClassLoader(), TEMPLATES);

    byte[] render(String template, Object model) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        engine.render(template + ".jte", model, output);
        return output.toByteArray();
    }

    MutableHttpResponse<byte[]> respond(HttpStatus status, String template, Object model) {
        return HttpResponse.status(status).contentType(HTML).body(render(template, model));
    }
}
