package dev.breachnotify.notifier.guide;

import dev.breachnotify.events.Guide;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks an advisory's guides and images at authoring time and compiles them into the guides it will publish
 * ({@link Guide}: sanitised HTML and its hash). Every problem names the credential, language, variant and line.
 * Pure.
 */
public final class GuideCompiler {

    /** The languages every guide is written in. */
    public static final List<String> LANGUAGES = List.of("de", "en");

    /** At most this much Markdown per guide. */
    static final int MAX_MARKDOWN = 20_000;
    /** At most this much per image, decoded. */
    static final int MAX_IMAGE_BYTES = 200 * 1024;
    /**
     * At most this much HTML (images included) for all guides together: they travel in the
     * {@code advisory.published} event, and a Kafka record is at most 1 MB by default.
     */
    static final int MAX_TOTAL_HTML = 600 * 1024;

    private static final Pattern IMAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}\\.(png|jpe?g)");
    private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,47}");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private GuideCompiler() {}

    /** The guides to publish, or every problem found. */
    public record Compiled(List<Guide> guides, List<GuideProblem> problems, List<String> imageProblems) {

        /** Every problem as "where: reason". */
        public List<String> messages() {
            List<String> all = new ArrayList<>(imageProblems);
            problems.forEach(problem -> all.add(problem.toString()));
            return all;
        }
    }

    /**
     * Compiles the guides.
     *
     * @param credentialIds the advisory's credentials: a guide for another one is refused
     * @param variantFields the directory fields that may choose a variant
     */
    public static Compiled compile(
            Map<String, GuideSource> sources,
            List<GuideImage> images,
            List<String> credentialIds,
            Set<String> variantFields) {
        List<String> imageProblems = new ArrayList<>();
        Map<String, String> dataUris = images(images == null ? List.of() : images, imageProblems);
        List<Guide> guides = new ArrayList<>();
        List<GuideProblem> problems = new ArrayList<>();
        Map<String, GuideSource> sorted = new TreeMap<>(sources == null ? Map.of() : sources);
        for (var entry : sorted.entrySet()) {
            String credentialId = entry.getKey();
            GuideSource source = entry.getValue();
            if (!credentialIds.contains(credentialId)) {
                problems.add(new GuideProblem(
                        credentialId,
                        null,
                        Guide.GENERAL,
                        0,
                        "the advisory has no credential '" + credentialId + "' (credentials: " + credentialIds + ")"));
                continue;
            }
            if (source == null) {
                continue;
            }
            String field =
                    source.variantField() == null || source.variantField().isBlank()
                            ? null
                            : source.variantField().strip();
            if (!source.variants().isEmpty() && field == null) {
                problems.add(new GuideProblem(
                        credentialId, null, Guide.GENERAL, 0, "variants need a variantField, one of " + variantFields));
            } else if (field != null && !variantFields.contains(field)) {
                problems.add(new GuideProblem(
                        credentialId,
                        null,
                        Guide.GENERAL,
                        0,
                        "unknown variantField '" + field + "'; the directory has " + variantFields));
            }
            Map<String, Map<String, String>> variants = new LinkedHashMap<>();
            variants.put(Guide.GENERAL, source.general());
            new TreeMap<>(source.variants()).forEach((variant, texts) -> {
                String key = Guide.variantKey(variant);
                if (!VARIANT.matcher(key).matches() || key.equals(Guide.GENERAL)) {
                    problems.add(new GuideProblem(
                            credentialId,
                            null,
                            variant,
                            0,
                            "a variant is named by the field's value: letters, digits, '.', '_', '-', and not '"
                                    + Guide.GENERAL + "'"));
                } else if (variants.putIfAbsent(key, texts == null ? Map.of() : texts) != null) {
                    problems.add(new GuideProblem(credentialId, null, variant, 0, "the variant appears twice"));
                }
            });
            variants.forEach((variant, texts) ->
                    compileVariant(credentialId, field, variant, texts, dataUris, guides, problems));
        }
        int total = guides.stream()
                .mapToInt(guide -> guide.html().getBytes(StandardCharsets.UTF_8).length)
                .sum();
        if (total > MAX_TOTAL_HTML) {
            imageProblems.add("guides: together " + total + " bytes of HTML with their images, at most "
                    + MAX_TOTAL_HTML + ": use fewer or smaller images");
        }
        return new Compiled(List.copyOf(guides), List.copyOf(problems), List.copyOf(imageProblems));
    }

    private static void compileVariant(
            String credentialId,
            String field,
            String variant,
            Map<String, String> texts,
            Map<String, String> dataUris,
            List<Guide> guides,
            List<GuideProblem> problems) {
        for (String language : LANGUAGES) {
            String markdown = texts.get(language);
            if (markdown == null || markdown.isBlank()) {
                problems.add(new GuideProblem(
                        credentialId, language, variant, 0, "is missing (every guide needs German and English)"));
                continue;
            }
            if (markdown.length() > MAX_MARKDOWN) {
                problems.add(new GuideProblem(
                        credentialId, language, variant, 0, "longer than " + MAX_MARKDOWN + " characters"));
                continue;
            }
            GuideMarkdown.Rendered rendered = GuideMarkdown.render(markdown, dataUris);
            if (!rendered.valid()) {
                rendered.problems()
                        .forEach(problem -> problems.add(
                                new GuideProblem(credentialId, language, variant, problem.line(), problem.reason())));
                continue;
            }
            guides.add(new Guide(
                    credentialId, field, variant, language, markdown, rendered.html(), Guide.hash(rendered.html())));
        }
        texts.keySet().stream()
                .filter(language -> !LANGUAGES.contains(language))
                .forEach(language -> problems.add(
                        new GuideProblem(credentialId, language, variant, 0, "unknown language (use de, en)")));
    }

    /** The uploaded images as data URIs by name; problems go to {@code problems}. */
    private static Map<String, String> images(List<GuideImage> images, List<String> problems) {
        Map<String, String> uris = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            GuideImage image = images.get(i);
            String field = "images[" + i + "]";
            if (image == null
                    || image.name() == null
                    || !IMAGE_NAME.matcher(image.name()).matches()) {
                problems.add(field + ".name: lower-case letters, digits, '.', '_', '-', ending .png, .jpg or .jpeg");
                continue;
            }
            field = "images." + image.name();
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(image.data() == null ? "" : image.data());
            } catch (IllegalArgumentException e) {
                problems.add(field + ": the data is not base64");
                continue;
            }
            String type = startsWith(bytes, PNG) ? "image/png" : startsWith(bytes, JPEG) ? "image/jpeg" : null;
            if (type == null) {
                problems.add(field + ": not a PNG or JPEG image");
            } else if (image.contentType() != null && !image.contentType().equals(type)) {
                problems.add(field + ": declared " + image.contentType() + " but the data is " + type);
            } else if (bytes.length > MAX_IMAGE_BYTES) {
                problems.add(field + ": " + bytes.length + " bytes, at most " + MAX_IMAGE_BYTES);
            } else if (uris.containsKey(image.name())) {
                problems.add(field + ": uploaded twice");
            } else {
                uris.put(
                        image.name(),
                        "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes));
            }
        }
        return uris;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
