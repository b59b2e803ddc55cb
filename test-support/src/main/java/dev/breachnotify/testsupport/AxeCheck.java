package dev.breachnotify.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * An automated accessibility check for the browser tests: injects axe-core (vendored, see
 * {@code axe/README.md}) into the page the browser shows and runs it for WCAG 2.0 and 2.1, levels A and AA. Takes
 * the browser's {@code executeAsyncScript} as a function, so that this module needs no Selenium:
 * {@code AxeCheck.assertAccessible(browser::executeAsyncScript, "the code entry page")}.
 */
public final class AxeCheck {

    /** The rule tags checked: WCAG 2.0 and 2.1, levels A and AA (what BITV 2.0 asks for). */
    public static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private static volatile String axeSource;

    private AxeCheck() {}

    /** The violations on the page the browser shows, one line each; empty when none. */
    public static List<String> violations(Function<String, Object> executeAsyncScript) {
        String script =
                axe() + """
                ;var done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})
                   .then(function (r) { done(r.violations.map(function (v) {
                       return v.id + ' (' + v.impact + '): ' + v.help + ' -- ' + v.nodes.map(function (n) {
                           return n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ');
                       }).join(' | ');
                   }).join('\\n')); })
                   .catch(function (e) { done('ERROR ' + e); });
                """.formatted(TAGS.stream().map(tag -> "'" + tag + "'").toList());
        String result = String.valueOf(executeAsyncScript.apply(script));
        if (result.startsWith("ERROR")) {
            throw new IllegalStateException("axe-core failed: " + result);
        }
        return result.isBlank() ? List.of() : List.of(result.split("\n"));
    }

    /** Fails, listing every violation, unless the page the browser shows has none. */
    public static void assertAccessible(Function<String, Object> executeAsyncScript, String page) {
        List<String> violations = violations(executeAsyncScript);
        if (!violations.isEmpty()) {
            throw new AssertionError("axe-core found " + violations.size() + " WCAG 2.1 A/AA violation(s) on " + page
                    + ":\n  " + String.join("\n  ", violations));
        }
    }

    private static String axe() {
        String source = axeSource;
        if (source == null) {
            try (InputStream in = AxeCheck.class.getResourceAsStream("axe/axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe/axe.min.js is missing from the class path");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            axeSource = source;
        }
        return source;
    }
}
