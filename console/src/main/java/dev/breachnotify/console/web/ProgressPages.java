package dev.breachnotify.console.web;

import dev.breachnotify.console.chart.CumulativeChart;
import dev.breachnotify.console.services.Service;
import dev.breachnotify.console.services.ServiceClient;
import dev.breachnotify.console.services.ServiceResponse;
import dev.breachnotify.console.session.Session;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The live progress of a published advisory: counts by state, a chart of acknowledgements over time, the
 * per-credential breakdown, a search in the outstanding practices and their CSV, and the escalation schedule
 * with pause, resume and firing a step now. On request ({@code ?live=true}) the page reloads itself every few
 * seconds (a meta refresh, no script) until the user stops it; by default it does not, since a page that reloads
 * by itself is a timing the user did not choose (WCAG 2.2.1, axe-core's {@code meta-refresh}).
 */
@Controller("/advisories/{id}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ProgressPages {

    static final int REFRESH_SECONDS = 5;
    private static final int MAX_SHOWN = 50;
    private static final Set<String> STEPS = Set.of("reminder", "letter", "final-list");

    private final ServiceClient services;

    public ProgressPages(ServiceClient services) {
        this.services = services;
    }

    @Get("/progress")
    public HttpResponse<?> progress(
            HttpRequest<?> request,
            @PathVariable String id,
            @Nullable @QueryValue String q,
            @Nullable @QueryValue Boolean live) {
        Session session = Pages.session(request);
        AdvisoryPages.requireId(id);
        Map<String, Object> model = Pages.model(session, "progressTitle");
        model.put("id", id);
        ServiceResponse progress = services.get(Service.ACK, "/api/advisories/" + id + "/progress", session);
        String query = q == null ? "" : q.strip();
        model.put("q", query);
        // updates only when asked for, never while searching (WCAG 2.2.1 and 2.2.2: the user starts and stops them)
        boolean updating = query.isEmpty() && Boolean.TRUE.equals(live);
        model.put("refresh", updating ? REFRESH_SECONDS : null);
        if (progress.ok()) {
            Map<String, Object> counts = progress.object();
            model.put("progress", counts);
            Map<String, String> texts = Texts.of(session.language());
            model.put(
                    "chart",
                    CumulativeChart.svg(
                            List.of(
                                    new CumulativeChart.Series(
                                            texts.get("acknowledged"),
                                            "acknowledgements",
                                            points(counts.get("acknowledgementsPerHour"))),
                                    new CumulativeChart.Series(
                                            texts.get("rotations"),
                                            "rotations",
                                            points(counts.get("rotationsPerHour")))),
                            number(counts.get("targeted")),
                            texts.get("chartTitle"),
                            session.language()));
        } else if (progress.status() != 404) {
            model.put("error", progress.problem());
        }
        ServiceResponse advisory = services.get(Service.NOTIFIER, "/api/advisories/" + id, session);
        if (advisory.ok()) {
            model.put("advisory", advisory.object());
        }
        ServiceResponse escalation = services.get(Service.NOTIFIER, "/api/advisories/" + id + "/escalation", session);
        if (escalation.ok()) {
            Map<String, Object> schedule = escalation.object();
            if (schedule.get("steps") instanceof List<?> steps) {
                schedule.put("steps", Times.local(steps, session.language(), "dueAt", "firedAt"));
            }
            model.put("escalation", schedule);
        }
        if (!query.isEmpty() && progress.ok()) {
            ServiceResponse csv = services.get(Service.ACK, "/api/advisories/" + id + "/outstanding.csv", session);
            if (csv.ok()) {
                List<List<String>> rows = Csv.parse(csv.body());
                List<List<String>> matches = search(rows.subList(Math.min(1, rows.size()), rows.size()), query);
                model.put("matches", matches.subList(0, Math.min(MAX_SHOWN, matches.size())));
                model.put("matchCount", matches.size());
            }
        }
        return Pages.render("progress", model);
    }

    @Get("/outstanding.csv")
    public HttpResponse<?> outstanding(HttpRequest<?> request, @PathVariable String id) {
        Session session = Pages.session(request);
        AdvisoryPages.requireId(id);
        Pages.action(session.user(), "outstanding-downloaded", id);
        return Downloads.pass(
                services,
                Service.ACK,
                "/api/advisories/" + id + "/outstanding.csv",
                session,
                "outstanding-" + id + ".csv");
    }

    /** The confirmation step of firing a step now: how many practices it reaches, and by which channel. */
    @Get("/escalation/steps/{step}")
    public HttpResponse<?> confirmFire(HttpRequest<?> request, @PathVariable String id, @PathVariable String step) {
        Session session = Pages.session(request);
        AdvisoryPages.requireId(id);
        if (!STEPS.contains(step)) {
            return Pages.redirect("/advisories/" + id + "/progress");
        }
        Map<String, Object> model = Pages.model(session, "fireTitle");
        model.put("id", id);
        model.put("step", step);
        ServiceResponse forecast = services.get(
                Service.NOTIFIER, "/api/advisories/" + id + "/escalation/steps/" + step + "/forecast", session);
        model.put("forecast", forecast.ok() ? forecast.object() : null);
        model.put("error", forecast.ok() ? null : forecast.problem());
        return Pages.render(
                forecast.ok()
                        ? io.micronaut.http.HttpStatus.OK
                        : io.micronaut.http.HttpStatus.valueOf(forecast.status()),
                "fire",
                model);
    }

    /** Pauses or resumes the escalation, or fires a step now ({@code reminder}, {@code letter}, {@code final-list}). */
    @Post("/escalation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> escalation(HttpRequest<?> request, @PathVariable String id, @Body Map<String, String> form) {
        Session session = Pages.session(request);
        Pages.requireCsrf(session, form.get("csrf"));
        AdvisoryPages.requireId(id);
        String action = form.getOrDefault("action", "");
        String path = switch (action) {
            case "pause" -> "/escalation/pause";
            case "resume" -> "/escalation/resume";
            default -> STEPS.contains(action) ? "/escalation/steps/" + action + "/fire" : null;
        };
        if (path == null) {
            return Pages.redirect("/advisories/" + id + "/progress");
        }
        ServiceResponse done = services.postJson(Service.NOTIFIER, "/api/advisories/" + id + path, "{}", session);
        Pages.action(session.user(), "escalation-" + action, id + " status=" + done.status());
        if (!done.ok()) {
            Map<String, Object> model = Pages.model(session, "progressTitle");
            model.put("message", done.problem());
            model.put("back", "/advisories/" + id + "/progress");
            return Pages.render(io.micronaut.http.HttpStatus.valueOf(done.status()), "message", model);
        }
        return Pages.redirect("/advisories/" + id + "/progress");
    }

    /** Outstanding rows whose practice id or name contains the query, ignoring case. */
    static List<List<String>> search(List<List<String>> rows, String query) {
        String needle = query.toLowerCase(Locale.ROOT);
        List<List<String>> matches = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() >= 2
                    && (row.get(0).toLowerCase(Locale.ROOT).contains(needle)
                            || row.get(1).toLowerCase(Locale.ROOT).contains(needle))) {
                matches.add(row);
            }
        }
        return matches;
    }

    private static List<CumulativeChart.Point> points(Object perHour) {
        List<CumulativeChart.Point> points = new ArrayList<>();
        if (perHour instanceof List<?> hours) {
            for (Object hour : hours) {
                if (hour instanceof Map<?, ?> bucket && bucket.get("hour") != null) {
                    points.add(new CumulativeChart.Point(
                            Instant.parse(String.valueOf(bucket.get("hour"))), number(bucket.get("count"))));
                }
            }
        }
        return points;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
