package dev.breachnotify.notifier.lifecycle;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** Answers a refused transition with 409 and a message that names the advisory's state, for every controller. */
@Controller
@Secured(SecurityRule.IS_AUTHENTICATED)
public class LifecycleErrors {

    @Error(global = true, exception = LifecycleException.class)
    public HttpResponse<Map<String, Object>> refused(HttpRequest<?> request, LifecycleException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("advisoryId", e.advisoryId());
        body.put("state", e.state().label());
        return HttpResponse.<Map<String, Object>>status(io.micronaut.http.HttpStatus.CONFLICT)
                .body(body);
    }
}
