package dev.breachnotify.notifier.template;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.CompiledTemplate;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.MessageTemplate;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.vendor.VendorSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Renders an advisory's mail for one practice. Every mail ends with the same footer: the personal link, the
 * code to type instead, the statement that the vendor never asks for a password, how to check that the mail is
 * genuine, and the vendor's closing.
 */
@Singleton
public class MailRenderer {

    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");

    private static final int MAX_COMPILED = 256;

    private final VendorIdentity vendor;
    private final Map<String, CompiledTemplate> compiled = new ConcurrentHashMap<>();
    private final CompiledTemplate footerDe;
    private final CompiledTemplate footerEn;

    @Inject
    public MailRenderer(VendorSettings vendor) {
        this(vendor.identity());
    }

    public MailRenderer(VendorIdentity vendor) {
        this.vendor = vendor;
        this.footerDe = CompiledTemplate.of(footer(vendor, "de"));
        this.footerEn = CompiledTemplate.of(footer(vendor, "en"));
    }

    /** The vendor who speaks in every mail and letter. */
    public VendorIdentity vendor() {
        return vendor;
    }

    public RenderedMail render(AdvisoryPublished advisory, Practice practice, String link, String code) {
        return render(advisory, practice, link, code, null);
    }

    /** The mail of one step of the escalation; a reminder has "Erinnerung:" / "Reminder:" before the subject. */
    public RenderedMail render(AdvisoryPublished advisory, Practice practice, String link, String code, String step) {
        String language = practice.language();
        LocalizedText text = advisory.textIn(language);
        Map<String, String> values = MessageTemplate.values(
                advisory, practice.practiceId(), practice.name(), practice.contactPerson(), language, link, code);
        String subject = subject(
                step,
                language,
                LINE_BREAKS
                        .matcher(compiled(text.subject()).renderText(values))
                        .replaceAll(" ")
                        .strip());
        CompiledTemplate body = compiled(text.body());
        CompiledTemplate footer = "en".equals(language) ? footerEn : footerDe;
        String guides = guideNote(advisory, language);
        String plain = body.renderText(values).strip() + "\n\n" + (guides.isEmpty() ? "" : guides + "\n\n")
                + footer.renderText(values) + "\n";
        String html = "<!DOCTYPE html>\n<html lang=\"" + language + "\"><head><meta charset=\"utf-8\"><title>"
                + MessageTemplate.escape(subject) + "</title></head>\n<body>\n"
                + body.renderHtml(values)
                + (guides.isEmpty() ? "" : "<p>" + MessageTemplate.escape(guides) + "</p>\n")
                + "<hr>\n" + footer.renderHtml(values) + "</body></html>\n";
        return new RenderedMail(subject, plain, html);
    }

    /**
     * Where the advisory's how-to guides are (never in the mail: attachments in a "change your passwords" mail look
     * like malware): on the personal page, and enclosed with a letter when the advisory sends letters. Empty for
     * an advisory without guides.
     */
    static String guideNote(AdvisoryPublished advisory, String language) {
        if (advisory.guides().isEmpty()) {
            return "";
        }
        boolean letters = advisory.channels() != null && advisory.channels().contains(Channel.LETTER);
        return Texts.text(language, letters ? "guides.mail.guidesEnclosed" : "guides.mail.guides");
    }

    /**
     * The subject of a step: "Erinnerung: …" / "Reminder: …" for the escalation's reminder email and letter
     * ({@code reminder}, {@code letter}), else the advisory's own: a letter replacing a bounced email
     * ({@code bounce}) is the practice's first.
     */
    public static String subject(String step, String language, String subject) {
        if (!"reminder".equals(step) && !"letter".equals(step)) {
            return subject;
        }
        return Texts.format(language, "mail.reminderSubject", subject);
    }

    /** The template compiled once per text (a fan-out renders the same few texts for every practice). */
    private CompiledTemplate compiled(String template) {
        if (compiled.size() > MAX_COMPILED) {
            compiled.clear(); // a bound, not a policy: a process renders a handful of advisories' texts
        }
        return compiled.computeIfAbsent(template, CompiledTemplate::of);
    }

    /** The footer as a template: the vendor's values are literal text ("{{" in them is not a placeholder). */
    private static String footer(VendorIdentity vendor, String language) {
        return Texts.format(
                language,
                "mail.footer",
                literal(vendor.name()),
                literal(vendor.germanSubject()),
                literal(vendor.verifyUrl()),
                literal(vendor.supportPhone()));
    }

    private static String literal(String value) {
        return value.replace("{", "(").replace("}", ")");
    }
}
