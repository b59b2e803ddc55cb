package dev.breachnotify.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AdvisoryStatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWithdrawnAdvisoryShowsWhenWhoWhyAndThePrintBatchesItCouldNotStop() throws Exception {
        String line = AdvisoryStates.line(JSON.readTree("""
                {"advisoryId":"ADV-1","state":"WITHDRAWN","withdrawal":{"reason":"Sent by mistake",
                 "supersededBy":null,"withdrawnBy":"comms","withdrawnAt":"2026-12-04T22:00:00Z",
                 "handedToPrinter":[{"batchId":"PB-1","letters":12,"handedOverAt":"2026-12-04T21:59:00Z"}]}}"""));

        assertThat(line)
                .startsWith("ADV-1: withdrawn: nothing goes out any more")
                .contains("withdrawn at 2026-12-04T22:00:00Z by comms: Sent by mistake")
                .contains("PB-1: 12 letter(s), handed over at 2026-12-04T21:59:00Z")
                .doesNotContain("replaced by");
    }

    @Test
    void everyStateHasItsWords() {
        assertThat(AdvisoryStates.word("RUNNING")).isEqualTo("published, running");
        assertThat(AdvisoryStates.word("PAUSED")).startsWith("paused");
        assertThat(AdvisoryStates.word("CLOSED")).startsWith("closed");
        assertThat(AdvisoryStates.word("DRAFT")).isEqualTo("draft");
        assertThat(AdvisoryStates.line(
                        JSON.createObjectNode().put("advisoryId", "ADV-2").put("state", "RUNNING")))
                .isEqualTo("ADV-2: published, running");
    }
}
