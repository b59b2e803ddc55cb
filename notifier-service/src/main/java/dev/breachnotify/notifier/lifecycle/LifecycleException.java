package dev.breachnotify.notifier.lifecycle;

/** A transition the advisory's state does not allow, or an outbound action it refuses; answered with 409. */
public class LifecycleException extends RuntimeException {

    private final String advisoryId;
    private final AdvisoryState state;

    public LifecycleException(String advisoryId, AdvisoryState state, Transition refused) {
        this(
                advisoryId,
                state,
                "cannot " + refused.verb() + " advisory " + advisoryId + ": it is " + state.described()
                        + hint(state, refused));
    }

    public LifecycleException(String advisoryId, AdvisoryState state, String message) {
        super(message);
        this.advisoryId = advisoryId;
        this.state = state;
    }

    public String advisoryId() {
        return advisoryId;
    }

    public AdvisoryState state() {
        return state;
    }

    private static String hint(AdvisoryState state, Transition refused) {
        return switch (state) {
            case DRAFT ->
                refused == Transition.WITHDRAW
                        ? " (change or leave it instead; only published advisories are withdrawn)"
                        : " (publish it first)";
            case RUNNING ->
                refused == Transition.PUBLISH
                        ? " (published already; publish a correction as a new advisory that supersedes it)"
                        : "";
            case PAUSED ->
                refused == Transition.PUBLISH
                        ? " (published already; publish a correction as a new advisory that supersedes it)"
                        : " (resume it first)";
            case WITHDRAWN -> " (already withdrawn; nothing of it goes out any more)";
            case CLOSED -> " (closed: its deadline passed and the final list is out)";
        };
    }
}
