package dev.breachnotify.events;

import java.util.Map;

/**
 * A credential every practice must rotate.
 *
 * @param id    stable identifier, e.g. {@code ti-konnektor}
 * @param label the label by language ({@code de}, {@code en})
 */
public record Credential(String id, Map<String, String> label) {

    public Credential {
        label = Map.copyOf(label);
    }

    /** The label in the language, falling back to German. */
    public String labelIn(String language) {
        return label.getOrDefault(language, label.getOrDefault("de", id));
    }
}
