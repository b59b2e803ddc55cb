package dev.breachnotify.notifier.lifecycle;

import dev.breachnotify.events.AdvisoryPublished;

/** A published advisory's content, as its event, for the paths that render mails and letters. */
public interface PublishedAdvisories {

    /** @throws LifecycleException when the advisory is a draft */
    AdvisoryPublished published(String advisoryId);
}
