package dev.breachnotify.notifier.lifecycle;

import static dev.breachnotify.notifier.lifecycle.AdvisoryState.Answer.DROP;
import static dev.breachnotify.notifier.lifecycle.AdvisoryState.Answer.HOLD;
import static dev.breachnotify.notifier.lifecycle.AdvisoryState.Answer.SEND;
import static dev.breachnotify.notifier.lifecycle.AdvisoryState.Outbound.TEST_SEND;
import static dev.breachnotify.notifier.lifecycle.AdvisoryState.Outbound.TO_PRACTICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdvisoryStateTest {

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @CsvSource({
        "DRAFT, PUBLISH, RUNNING",
        "RUNNING, PAUSE, PAUSED",
        "PAUSED, RESUME, RUNNING",
        "RUNNING, CLOSE, CLOSED",
        "RUNNING, WITHDRAW, WITHDRAWN",
        "PAUSED, WITHDRAW, WITHDRAWN",
        "CLOSED, WITHDRAW, WITHDRAWN"
    })
    void everyAllowedTransitionLeadsToItsState(AdvisoryState from, Transition transition, AdvisoryState to) {
        assertThat(from.after(transition, "ADV-1")).isEqualTo(to);
    }

    @Test
    void everyOtherTransitionIsRefusedWithAMessageNamingTheState() {
        Set<String> allowed = Set.of(
                "DRAFT PUBLISH",
                "RUNNING PAUSE",
                "PAUSED RESUME",
                "RUNNING CLOSE",
                "RUNNING WITHDRAW",
                "PAUSED WITHDRAW",
                "CLOSED WITHDRAW");
        int refused = 0;
        for (AdvisoryState state : AdvisoryState.values()) {
            for (Transition transition : Transition.values()) {
                if (allowed.contains(state + " " + transition)) {
                    continue;
                }
                refused++;
                assertThatThrownBy(() -> state.after(transition, "ADV-7"))
                        .isInstanceOf(LifecycleException.class)
                        .hasMessageStartingWith(
                                "cannot " + transition.verb() + " advisory ADV-7: it is " + state.described())
                        .satisfies(e ->
                                assertThat(((LifecycleException) e).state()).isEqualTo(state));
            }
        }
        assertThat(refused).isEqualTo(AdvisoryState.values().length * Transition.values().length - 7);
    }

    @Test
    void withdrawingTwiceSaysItIsAlreadyWithdrawn() {
        assertThatThrownBy(() -> AdvisoryState.WITHDRAWN.after(Transition.WITHDRAW, "ADV-1"))
                .hasMessageContaining("it is withdrawn")
                .hasMessageContaining("already withdrawn");
    }

    @Test
    void resumingAWithdrawnAdvisoryIsRefused() {
        assertThatThrownBy(() -> AdvisoryState.WITHDRAWN.after(Transition.RESUME, "ADV-1"))
                .isInstanceOf(LifecycleException.class)
                .hasMessage("cannot resume advisory ADV-1: it is withdrawn (already withdrawn; nothing of it goes "
                        + "out any more)");
    }

    @Test
    void publishingAWithdrawnAdvisoryIsRefused() {
        assertThatThrownBy(() -> AdvisoryState.WITHDRAWN.after(Transition.PUBLISH, "ADV-1"))
                .hasMessageStartingWith("cannot publish advisory ADV-1: it is withdrawn");
    }

    @Test
    void withdrawingADraftSaysItIsADraft() {
        assertThatThrownBy(() -> AdvisoryState.DRAFT.after(Transition.WITHDRAW, "ADV-1"))
                .hasMessageContaining("it is a draft")
                .hasMessageContaining("only published advisories are withdrawn");
    }

    @Test
    void pausingAClosedAdvisoryIsRefused() {
        assertThatThrownBy(() -> AdvisoryState.CLOSED.after(Transition.PAUSE, "ADV-1"))
                .hasMessageContaining("it is closed");
    }

    @Test
    void eachStateHasOneAnswerToMayThisGoOutNow() {
        assertThat(AdvisoryState.RUNNING.answer(TO_PRACTICE)).isEqualTo(SEND);
        assertThat(AdvisoryState.PAUSED.answer(TO_PRACTICE)).isEqualTo(HOLD);
        assertThat(AdvisoryState.WITHDRAWN.answer(TO_PRACTICE)).isEqualTo(DROP);
        assertThat(AdvisoryState.CLOSED.answer(TO_PRACTICE)).isEqualTo(DROP);
        assertThat(AdvisoryState.DRAFT.answer(TO_PRACTICE)).isEqualTo(DROP);
        // test sends go to internal addresses: allowed until the advisory is withdrawn or closed
        assertThat(EnumSet.allOf(AdvisoryState.class).stream().filter(s -> s.answer(TEST_SEND) == SEND))
                .containsExactlyInAnyOrder(AdvisoryState.DRAFT, AdvisoryState.RUNNING, AdvisoryState.PAUSED);
    }

    @Test
    void theStoredFactsGiveOneState() {
        assertThat(AdvisoryState.of(false, false, false, false)).isEqualTo(AdvisoryState.DRAFT);
        assertThat(AdvisoryState.of(true, false, false, false)).isEqualTo(AdvisoryState.RUNNING);
        assertThat(AdvisoryState.of(true, false, false, true)).isEqualTo(AdvisoryState.PAUSED);
        assertThat(AdvisoryState.of(true, false, true, true)).isEqualTo(AdvisoryState.CLOSED);
        assertThat(AdvisoryState.of(true, true, true, true)).isEqualTo(AdvisoryState.WITHDRAWN);
    }
}
