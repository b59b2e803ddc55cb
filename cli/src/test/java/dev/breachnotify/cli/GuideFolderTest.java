package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuideFolderTest {

    private static final Path SAMPLES = Path.of("..", "samples");

    @Test
    void theSampleFolderGivesTheGuidesAndImagesOfTheSampleAdvisory() throws Exception {
        ObjectNode advisory = (ObjectNode)
                ApiClient.JSON.readTree(SAMPLES.resolve("advisory.json").toFile());

        GuideFolder.addTo(advisory, SAMPLES.resolve("guides"));

        JsonNode sample = ApiClient.JSON.readTree(
                SAMPLES.resolve("advisory-with-guides.json").toFile());
        assertThat(advisory.get("guides")).isEqualTo(sample.get("guides"));
        assertThat(advisory.get("images")).isEqualTo(sample.get("images"));
        assertThat(advisory.at("/guides/ti-konnektor/variants").size()).isEqualTo(2);
    }

    @Test
    void aFileNamedOutsideTheSchemeIsRefusedByName(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("ti-konnektor.fr.md"), "Bonjour");

        assertThatThrownBy(() -> GuideFolder.addTo(ApiClient.JSON.createObjectNode(), folder))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("ti-konnektor.fr.md");
    }
}
