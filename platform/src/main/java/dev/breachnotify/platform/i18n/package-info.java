/** Texts in German and English from {@code ResourceBundle} files: one way for every service. */
package dev.breachnotify.platform.i18n;
