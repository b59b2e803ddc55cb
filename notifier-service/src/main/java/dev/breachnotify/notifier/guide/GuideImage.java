package dev.breachnotify.notifier.guide;

/**
 * An image uploaded with an advisory, referenced from a guide's Markdown by its name ({@code ![alt](name.png)}).
 *
 * @param name        the file name, e.g. {@code konnektor-menu.png}
 * @param contentType {@code image/png} or {@code image/jpeg}
 * @param data        the bytes, base64
 */
public record GuideImage(String name, String contentType, String data) {}
