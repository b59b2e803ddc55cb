package dev.breachnotify.notifier.guide;

/**
 * Why a guide was refused: which credential, language and variant, which line of its Markdown (1-based; 0 when
 * the problem is not on a line), and the reason.
 */
public record GuideProblem(String credentialId, String language, String variant, int line, String reason) {

    /** "guides.ti-konnektor.en (variant secunet), line 4: raw HTML is not allowed". */
    @Override
    public String toString() {
        return "guides." + credentialId + (language == null ? "" : "." + language) + " (variant " + variant + ")"
                + (line > 0 ? ", line " + line : "") + ": " + reason;
    }
}
