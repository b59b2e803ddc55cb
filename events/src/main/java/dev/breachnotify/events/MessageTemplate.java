package dev.breachnotify.events;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The advisory text language: plain text with {@code {{placeholder}}}s from a fixed list, rendered to plain text
 * and to HTML from the one source. In HTML every character of the text and of every value is escaped; blank
 * lines separate paragraphs. There is no logic in templates. This is the language of
 * {@link AdvisoryPublished#texts()}: the notifier renders it into mails and letters, ack-service into the page.
 */
public final class MessageTemplate {

    /** The practice's name. */
    public static final String PRACTICE_NAME = "practice.name";
    /** Whom the texts address ({@link Salutation#addressee}): the contact person, else the practice's name. */
    public static final String PRACTICE_CONTACT = "practice.contact";
    /** The salutation line of {@link Salutation#line}, e.g. "Guten Tag Dr. Hannah Werner,". */
    public static final String SALUTATION = "salutation";
    /** The practice's customer number. */
    public static final String PRACTICE_ID = "practice.id";
    /** The deadline, formatted for the language. */
    public static final String DEADLINE = "deadline";
    /** The personal acknowledgement link. */
    public static final String LINK = "link";
    /** The personal acknowledgement code, as printed. */
    public static final String CODE = "code";
    /** The credentials to rotate, one per line. */
    public static final String CREDENTIALS = "credentials";

    public static final Set<String> PLACEHOLDERS =
            Set.of(PRACTICE_NAME, PRACTICE_CONTACT, SALUTATION, PRACTICE_ID, DEADLINE, LINK, CODE, CREDENTIALS);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z.]+)\\s*}}");
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\R\\s*\\R");
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    /**
     * Deadlines as formatted per language: a fan-out formats the same date for every practice, and the localised
     * long format was the dearest part of the values. Bounded (a process sees a handful of advisories).
     */
    private static final Map<String, String> DEADLINES = new ConcurrentHashMap<>();

    private static final int MAX_DEADLINES = 256;

    private MessageTemplate() {}

    /**
     * The values of the placeholders for one practice.
     *
     * @param contactPerson the contact person, or {@code null} to address the practice by name
     */
    public static Map<String, String> values(
            AdvisoryPublished advisory,
            String practiceId,
            String practiceName,
            String contactPerson,
            String language,
            String link,
            String code) {
        Map<String, String> values = new HashMap<>();
        values.put(PRACTICE_NAME, practiceName);
        values.put(PRACTICE_CONTACT, Salutation.addressee(contactPerson, practiceName));
        values.put(SALUTATION, Salutation.line(language, contactPerson, practiceName));
        values.put(PRACTICE_ID, practiceId);
        values.put(DEADLINE, advisory.deadline() == null ? "" : deadline(advisory.deadline(), language));
        values.put(LINK, link);
        values.put(CODE, code);
        values.put(
                CREDENTIALS,
                advisory.credentials() == null
                        ? ""
                        : advisory.credentials().stream()
                                .map(credential -> "- " + credential.labelIn(language))
                                .collect(Collectors.joining("\n")));
        return values;
    }

    private static String deadline(LocalDate deadline, String language) {
        String key = language + "\u0000" + deadline;
        String formatted = DEADLINES.get(key);
        if (formatted == null) {
            formatted = deadline.format(
                    DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag(language)));
            if (DEADLINES.size() >= MAX_DEADLINES) {
                DEADLINES.clear();
            }
            DEADLINES.put(key, formatted);
        }
        return formatted;
    }

    /** The placeholders a template uses that do not exist, in order of appearance. */
    public static List<String> unknownPlaceholders(String template) {
        Set<String> unknown = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!PLACEHOLDERS.contains(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        return new ArrayList<>(unknown);
    }

    /** Plain text: placeholders replaced by their values as they are. */
    public static String renderText(String template, Map<String, String> values) {
        return substitute(template, values, false);
    }

    /** HTML fragment: escaped text in paragraphs, the link as an anchor. */
    public static String renderHtml(String template, Map<String, String> values) {
        StringBuilder html = new StringBuilder();
        for (String paragraph : paragraphs(template)) {
            String rendered = substitute(escape(paragraph.strip()), values, true);
            html.append("<p>")
                    .append(LINE_BREAK.matcher(rendered).replaceAll("<br>\n"))
                    .append("</p>\n");
        }
        return html.toString();
    }

    /** The paragraphs of a template: separated by blank lines. */
    static String[] paragraphs(String template) {
        return PARAGRAPH_BREAK.split(template.strip());
    }

    static Matcher placeholderMatcher(String template) {
        return PLACEHOLDER.matcher(template);
    }

    /** A placeholder's value in HTML: escaped, and the link as an anchor. */
    static String htmlValue(String name, String value) {
        return LINK.equals(name) ? "<a href=\"" + escape(value) + "\">" + escape(value) + "</a>" : escape(value);
    }

    private static String substitute(String template, Map<String, String> values, boolean html) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.getOrDefault(name, "");
            String replacement = html ? htmlValue(name, value) : value;
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
