package dev.breachnotify.console.web;

import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.services.ServiceResponse;
import dev.breachnotify.console.session.Session;
import dev.breachnotify.verifier.Checkpoint;
import dev.breachnotify.verifier.NoteKeys;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The data-protection officer's page: exports of the audit trail by advisory or time range (CSV, JSON Lines
 * with proofs), the PDF evidence report of an advisory, and the chain status: the latest signed checkpoint,
 * whether its signature verifies against the log's public key, and that key with its fingerprint to compare
 * out of band.
 */
@Controller("/evidence")
@ExecuteOn(TaskExecutors.BLOCKING)
public class EvidencePages {

    /** Times typed in the form are the user's local time; the console's users are in Germany. */
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private final ServiceClient services;

    public EvidencePages(ServiceClient services) {
        this.services = services;
    }

    @Get
    public HttpResponse<?> page(HttpRequest<?> request, @Nullable @QueryValue String advisoryId) {
        Session session = Pages.session(request);
        Map<String, Object> model = Pages.model(session, "evidenceTitle");
        model.put("advisoryId", advisoryId == null ? "" : advisoryId);
        ServiceResponse head = services.get(Service.AUDIT, "/api/audit/head", session);
        model.put(
                "head",
                head.ok()
                        ? Times.local(List.of(head.object()), session.language(), "lastRecordedAt")
                                .get(0)
                        : null);
        ServiceResponse key = services.getPublic(Service.AUDIT, "/.well-known/audit-public-key.pem");
        ServiceResponse note = services.getPublic(Service.AUDIT, "/.well-known/audit-checkpoint");
        model.put("publicKey", key.ok() ? key.body() : null);
        if (key.ok()) {
            try {
                PublicKey publicKey = NoteKeys.parsePublicKey(key.body(), "audit-service");
                model.put("fingerprint", NoteKeys.fingerprint(publicKey));
                if (note.ok()) {
                    Checkpoint checkpoint = Checkpoint.verify(note.body(), null, publicKey);
                    model.put(
                            "checkpoint",
                            Map.of(
                                    "origin",
                                    checkpoint.origin(),
                                    "treeSize",
                                    checkpoint.treeSize(),
                                    "rootHash",
                                    HexFormat.of().formatHex(checkpoint.rootHash()),
                                    "issuedAt",
                                    Times.local(checkpoint.issuedAt().toString(), session.language())));
                    model.put("verified", true);
                }
            } catch (RuntimeException e) {
                model.put("verified", false);
                model.put("verifyProblem", e.getMessage());
            }
        }
        return Pages.render("evidence", model);
    }

    @Get("/export.csv")
    public HttpResponse<?> csv(
            HttpRequest<?> request,
            @Nullable @QueryValue String advisoryId,
            @Nullable @QueryValue String from,
            @Nullable @QueryValue String to) {
        return export(request, "/api/audit/export.csv", "audit.csv", advisoryId, from, to);
    }

    @Get("/export.jsonl")
    public HttpResponse<?> jsonl(
            HttpRequest<?> request,
            @Nullable @QueryValue String advisoryId,
            @Nullable @QueryValue String from,
            @Nullable @QueryValue String to) {
        return export(request, "/api/audit/export.jsonl", "audit.jsonl", advisoryId, from, to);
    }

    @Get("/evidence.pdf")
    public HttpResponse<?> report(HttpRequest<?> request, @QueryValue String advisoryId) {
        Session session = Pages.session(request);
        AdvisoryPages.requireId(advisoryId);
        Pages.action(session.user(), "evidence-report-downloaded", advisoryId);
        return Downloads.pass(
                services,
                Service.AUDIT,
                "/api/audit/advisories/" + advisoryId + "/evidence.pdf",
                session,
                "evidence-" + advisoryId + ".pdf");
    }

    @Get("/answers.csv")
    public HttpResponse<?> answers(HttpRequest<?> request, @QueryValue String advisoryId) {
        Session session = Pages.session(request);
        AdvisoryPages.requireId(advisoryId);
        Pages.action(session.user(), "answers-downloaded", advisoryId);
        return Downloads.pass(
                services,
                Service.AUDIT,
                "/api/audit/advisories/" + advisoryId + "/answers.csv",
                session,
                advisoryId + "-answers.csv");
    }

    @Get("/audit-public-key.pem")
    public HttpResponse<?> publicKey(HttpRequest<?> request) {
        return Downloads.pass(
                services,
                Service.AUDIT,
                "/.well-known/audit-public-key.pem",
                Pages.session(request),
                "audit-public-key.pem");
    }

    private HttpResponse<?> export(
            HttpRequest<?> request, String path, String name, String advisoryId, String from, String to) {
        Session session = Pages.session(request);
        String query = query(advisoryId, from, to);
        Pages.action(session.user(), "audit-export", path + query);
        return Downloads.pass(services, Service.AUDIT, path + query, session, name);
    }

    /** The export's query: the advisory, and the form's local times as ISO instants; empty fields left out. */
    static String query(String advisoryId, String from, String to) {
        List<String> parameters = new ArrayList<>();
        if (advisoryId != null && !advisoryId.isBlank()) {
            parameters.add("advisoryId=" + URLEncoder.encode(advisoryId.strip(), StandardCharsets.UTF_8));
        }
        if (from != null && !from.isBlank()) {
            parameters.add("from=" + instant(from));
        }
        if (to != null && !to.isBlank()) {
            parameters.add("to=" + instant(to));
        }
        return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
    }

    private static String instant(String local) {
        try {
            return LocalDateTime.parse(local.strip()).atZone(ZONE).toInstant().toString();
        } catch (DateTimeParseException e) {
            return URLEncoder.encode(local.strip(), StandardCharsets.UTF_8); // the service names the problem
        }
    }
}
