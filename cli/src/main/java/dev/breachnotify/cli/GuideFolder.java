package dev.breachnotify.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Adds the guides and images of a folder to an advisory's JSON: {@code <credential>.<de|en>.md} is a credential's
 * general guide, {@code <credential>.<variant>.<de|en>.md} a variant (chosen by {@code konnektor_model}), and every
 * {@code .png}, {@code .jpg} and {@code .jpeg} file an image the guides may show. notifier-service checks them.
 */
final class GuideFolder {

    static final String VARIANT_FIELD = "konnektor_model";

    private GuideFolder() {}

    static void addTo(ObjectNode advisory, Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new CliException(CliException.REJECTED, "--guides: no such folder: " + folder);
        }
        ObjectNode guides = advisory.putObject("guides");
        ArrayNode images = advisory.putArray("images");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".md")) {
                    guide(guides, name, Files.readString(file, StandardCharsets.UTF_8));
                } else if (lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
                    images.addObject()
                            .put("name", name)
                            .put("contentType", lower.endsWith(".png") ? "image/png" : "image/jpeg")
                            .put("data", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
                }
            }
        } catch (IOException e) {
            throw new CliException(CliException.REJECTED, "--guides: cannot read " + folder + ": " + e.getMessage());
        }
        if (guides.isEmpty()) {
            throw new CliException(CliException.REJECTED, "--guides: no .md file in " + folder);
        }
    }

    private static void guide(ObjectNode guides, String name, String markdown) {
        List<String> parts = List.of(name.substring(0, name.length() - 3).split("\\."));
        String language = parts.get(parts.size() - 1);
        if (parts.size() < 2 || parts.size() > 3 || !List.of("de", "en").contains(language)) {
            throw new CliException(
                    CliException.REJECTED,
                    "--guides: " + name
                            + ": name a guide <credential>.<de|en>.md or <credential>.<variant>.<de|en>.md");
        }
        ObjectNode guide =
                guides.has(parts.get(0)) ? (ObjectNode) guides.get(parts.get(0)) : guides.putObject(parts.get(0));
        if (!guide.has("general")) {
            guide.putNull("variantField");
            guide.putObject("general");
            guide.putObject("variants");
        }
        if (parts.size() == 2) {
            ((ObjectNode) guide.get("general")).put(language, markdown);
        } else {
            guide.put("variantField", VARIANT_FIELD);
            ObjectNode variants = (ObjectNode) guide.get("variants");
            ObjectNode variant = variants.has(parts.get(1))
                    ? (ObjectNode) variants.get(parts.get(1))
                    : variants.putObject(parts.get(1));
            variant.put(language, markdown);
        }
    }
}
