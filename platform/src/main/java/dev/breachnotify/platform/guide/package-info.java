/** The how-to guides' HTML format, shared by the service that writes guides and the one that shows them. */
package dev.breachnotify.platform.guide;
