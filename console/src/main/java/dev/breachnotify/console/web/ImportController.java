package dev.breachnotify.console.web;

import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.services.ServiceResponse;
import dev.breachnotify.console.session.Session;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Importing the practice directory, the practices' contacts or the IT service partners in two steps: the upload is
 * checked by notifier-service without writing anything (a dry run) and the report is shown, naming each bad row's
 * line, field and reason; only when the user confirms is the same file imported. The file waits in the session in
 * between, never on disk. A contacts or partners file is imported all or nothing: one with problems cannot be
 * confirmed.
 */
@Controller("/import")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ImportController {

    private final ServiceClient services;

    public ImportController(ServiceClient services) {
        this.services = services;
    }

    @Get
    public HttpResponse<?> form(HttpRequest<?> request) {
        Session session = Pages.session(request);
        return Pages.render("import", Pages.model(session, "importTitle"));
    }

    /** What a file may hold, and the notifier's import endpoint for it. */
    static final Map<String, String> ENDPOINTS = Map.of(
            "practices", "/api/practices/import",
            "contacts", "/api/practices/contacts/import",
            "partners", "/api/partners/import");

    @Post
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public HttpResponse<?> check(
            HttpRequest<?> request,
            @Part("csrf") String csrf,
            @Part("file") CompletedFileUpload file,
            @io.micronaut.core.annotation.Nullable @Part("kind") String kind) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, csrf);
        byte[] content;
        try {
            content = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = file.getFilename() == null || file.getFilename().isBlank() ? "upload" : file.getFilename();
        String type = name.toLowerCase(Locale.ROOT).endsWith(".json") ? "application/json" : "text/csv";
        String what = kind == null || !ENDPOINTS.containsKey(kind) ? "practices" : kind;
        ServiceResponse report = services.post(
                Service.NOTIFIER,
                ENDPOINTS.get(what) + "?dryRun=true&source=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                type,
                content,
                session);
        Map<String, Object> model = Pages.model(session, "importTitle");
        model.put("fileName", name);
        model.put("kind", what);
        if (!report.ok()) {
            model.put("error", report.problem());
            return Pages.render(HttpStatus.UNPROCESSABLE_ENTITY, "import", model);
        }
        session.pendingImport(new Session.PendingImport(name, type, content, what));
        Pages.action(session.user(), "directory-checked", what + " " + name);
        model.put("report", report.object());
        model.put(
                "blocked",
                !what.equals("practices") && ((Number) report.object().get("rejected")).longValue() > 0);
        return Pages.render("import-report", model);
    }

    @Post("/confirm")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> confirm(HttpRequest<?> request, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        Session.PendingImport pending = session.pendingImport();
        if (pending == null) {
            return Pages.redirect("/import");
        }
        ServiceResponse report = services.post(
                Service.NOTIFIER,
                ENDPOINTS.get(pending.kind()) + "?source="
                        + URLEncoder.encode(pending.fileName(), StandardCharsets.UTF_8),
                pending.contentType(),
                pending.content(),
                session);
        session.pendingImport(null);
        Pages.action(session.user(), "directory-imported", pending.kind() + " " + pending.fileName());
        Map<String, Object> model = Pages.model(session, "importTitle");
        model.put("fileName", pending.fileName());
        model.put("kind", pending.kind());
        if (!report.ok()) {
            model.put("error", report.problem());
            return Pages.render(HttpStatus.UNPROCESSABLE_ENTITY, "import", model);
        }
        model.put("report", report.object());
        model.put("done", true);
        return Pages.render("import-report", model);
    }
}
