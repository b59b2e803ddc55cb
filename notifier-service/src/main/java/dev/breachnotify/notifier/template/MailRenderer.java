package dev.breachnotify.notifier.template;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.CompiledTemplate;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.MessageTemplate;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.VendorIdentity;
import dev.breachnotify.platform.vendor.VendorSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
        return render(advisory, practice, practice.contactPerson(), practice.language(), link, code, step);
    }

    /**
     * The mail of one step to a practice's contact: it greets the contact ({@code addressee}, the contact's name) in
     * the contact's language and carries the contact's link and code.
     */
    public RenderedMail render(
            AdvisoryPublished advisory,
            Practice practice,
            String addressee,
            String language,
            String link,
            String code,
            String step) {
        LocalizedText text = advisory.textIn(language);
        Map<String, String> values = MessageTemplate.values(
                advisory, practice.practiceId(), practice.name(), addressee, language, link, code);
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
     * The mail to an IT service partner ({@code initial}: its practices for the advisory; {@code reminder}: those
     * still outstanding on its credentials): how many practices, which credentials, the deadline, the link to the
     * partner's page and the code, and the same statement that the vendor never asks for a password.
     */
    public RenderedMail renderForPartner(
            AdvisoryPublished advisory,
            String partnerName,
            String language,
            List<PartnerPractice> practices,
            String link,
            String code,
            String step) {
        Map<String, String> values =
                MessageTemplate.values(advisory, "", partnerName, partnerName, language, link, code);
        String advisorySubject = LINE_BREAKS
                .matcher(compiled(advisory.textIn(language).subject()).renderText(values))
                .replaceAll(" ")
                .strip();
        String subject = subject(step, language, Texts.format(language, "partner.mail.subject", advisorySubject));
        Set<String> theirs = new HashSet<>();
        practices.forEach(practice -> theirs.addAll(practice.credentialIds()));
        String credentials = advisory.credentials().stream()
                .filter(credential -> theirs.contains(credential.id()))
                .map(credential -> "- " + literal(credential.labelIn(language)))
                .collect(Collectors.joining("\n"));
        Object[] args = {
            literal(partnerName),
            literal(vendor.name()),
            literal(vendor.germanSubject()),
            practices.size(),
            values.get(MessageTemplate.DEADLINE),
            credentials,
            literal(vendor.verifyUrl()),
            literal(vendor.supportPhone()),
            ""
        };
        args[8] = Texts.format(
                language, "partner.mail.intro." + ("reminder".equals(step) ? "reminder" : "initial"), args);
        CompiledTemplate body = compiled(Texts.format(language, "partner.mail.body", args));
        String html = "<!DOCTYPE html>\n<html lang=\"" + language + "\"><head><meta charset=\"utf-8\"><title>"
                + MessageTemplate.escape(subject) + "</title></head>\n<body>\n"
                + body.renderHtml(values) + "</body></html>\n";
        return new RenderedMail(subject, body.renderText(values).strip() + "\n", html);
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
