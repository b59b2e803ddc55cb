package dev.breachnotify.notifier.email;

import dev.breachnotify.notifier.template.RenderedMail;
import java.util.List;
import java.util.UUID;

/** One mail to send: for whom, what, and the notification it fulfils (its Message-ID derives from it). */
public record OutgoingMail(UUID notificationId, List<String> recipients, String language, RenderedMail content) {}
