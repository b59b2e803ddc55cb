package dev.breachnotify.notifier.template;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.MessageTemplate;
import dev.breachnotify.events.Practice;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders an advisory's mail for one practice. Every mail ends with the same footer: the personal link, the
 * code to type instead, and the statement that the vendor never asks for a password.
 */
@Singleton
public class MailRenderer {

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");

    private final String vendorName;

    public MailRenderer(@Value("${breachnotify.notifier.vendor-name:Ihr Softwarehersteller}") String vendorName) {
        this.vendorName = vendorName;
    }

    public RenderedMail render(AdvisoryPublished advisory, Practice practice, String link, String code) {
        return render(advisory, practice, link, code, null);
    }

    /** The mail of one step of the escalation; a reminder has "Erinnerung:" / "Reminder:" before the subject. */
    public RenderedMail render(AdvisoryPublished advisory, Practice practice, String link, String code, String step) {
        String language = practice.language();
        LocalizedText text = advisory.textIn(language);
        Map<String, String> values = MessageTemplate.values(advisory, practice.practiceId(), practice.name(),
                practice.contactPerson(), language, link, code);
        String subject = reminderPrefix(step, language)
                + LINE_BREAKS.matcher(MessageTemplate.renderText(text.subject(), values)).replaceAll(" ").strip();
        String footer = footer(language);
        String plain = MessageTemplate.renderText(text.body(), values).strip() + "\n\n"
                + MessageTemplate.renderText(footer, values) + "\n";
        String html = "<!DOCTYPE html>\n<html lang=\"" + language + "\"><head><meta charset=\"utf-8\"><title>"
                + MessageTemplate.escape(subject) + "</title></head>\n<body>\n"
                + MessageTemplate.renderHtml(text.body(), values)
                + "<hr>\n" + MessageTemplate.renderHtml(footer, values) + "</body></html>\n";
        return new RenderedMail(subject, plain, html);
    }

    /**
     * "Erinnerung: " or "Reminder: " for the escalation's reminder email and letter ({@code reminder},
     * {@code letter}), else nothing: a letter replacing a bounced email ({@code bounce}) is the practice's first.
     */
    public static String reminderPrefix(String step, String language) {
        if (!"reminder".equals(step) && !"letter".equals(step)) {
            return "";
        }
        return "en".equals(language) ? "Reminder: " : "Erinnerung: ";
    }

    private String footer(String language) {
        String vendor = vendorName.replace("{", "(").replace("}", ")");
        return "en".equals(language)
                ? "Please confirm here what your practice has changed: {{link}}\n"
                  + "Or open the confirmation page and type your code: {{code}}\n\n"
                  + vendor + " will never ask you for a password, by email, phone or otherwise."
                : "Bitte bestätigen Sie hier, was Ihre Praxis geändert hat: {{link}}\n"
                  + "Oder öffnen Sie die Bestätigungsseite und geben Sie Ihren Code ein: {{code}}\n\n"
                  + vendor + " wird Sie niemals nach einem Passwort fragen, weder per E-Mail noch am Telefon.";
    }
}
