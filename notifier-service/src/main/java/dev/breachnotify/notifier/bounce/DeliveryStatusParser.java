package dev.breachnotify.notifier.bounce;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a raw delivery status notification (RFC 3464: {@code multipart/report; report-type=delivery-status} with
 * a {@code message/delivery-status} part and, usually, the returned message or its headers) with Jakarta Mail.
 * The delivery-status part's field blocks are read with {@link InternetHeaders} (Angus Mail's optional
 * {@code dsn} artifact is not needed). Anything that is not such a report is refused naming the problem.
 */
final class DeliveryStatusParser {

    /** Larger reports are refused: a DSN carries at most the returned message. */
    static final int MAX_BYTES = 10 * 1024 * 1024;

    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private static final Set<String> ACTIONS = Set.of("failed", "delayed", "delivered", "relayed", "expanded");
    private static final Session SESSION = Session.getInstance(new Properties());

    private DeliveryStatusParser() {}

    /** Thrown for input that is not a delivery status notification; the message names what is wrong. */
    static final class MalformedReportException extends Exception {
        MalformedReportException(String message) {
            super(message);
        }
    }

    static DeliveryStatusReport parse(byte[] raw) throws MalformedReportException {
        if (raw == null || raw.length == 0) {
            throw new MalformedReportException("empty body: expected a delivery status notification (RFC 3464)");
        }
        if (raw.length > MAX_BYTES) {
            throw new MalformedReportException("the report is larger than " + MAX_BYTES + " bytes");
        }
        try {
            MimeMessage report = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            ContentType type = contentType(report.getContentType());
            if (!type.match("multipart/report")
                    || !"delivery-status".equalsIgnoreCase(type.getParameter("report-type"))) {
                throw new MalformedReportException("not a delivery status notification: Content-Type is '"
                        + type.getBaseType()
                        + (type.getParameter("report-type") == null
                                ? ""
                                : "; report-type=" + type.getParameter("report-type"))
                        + "', expected 'multipart/report; report-type=delivery-status'");
            }
            if (!(report.getContent() instanceof Multipart parts)) {
                throw new MalformedReportException("the multipart/report has no parts");
            }
            List<String> fieldBlocks = null;
            Set<String> originalIds = new LinkedHashSet<>();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                ContentType partType = contentType(part.getContentType());
                if (partType.match("message/delivery-status") || partType.match("message/global-delivery-status")) {
                    fieldBlocks = blocks(part.getInputStream());
                } else if (partType.match("message/rfc822")
                        || partType.match("text/rfc822-headers")
                        || partType.match("message/global")
                        || partType.match("message/global-headers")) {
                    InternetHeaders returned = new InternetHeaders(part.getInputStream());
                    addIds(originalIds, returned.getHeader("Message-ID", null));
                    addIds(originalIds, returned.getHeader("In-Reply-To", null));
                    addIds(originalIds, returned.getHeader("References", " "));
                }
            }
            if (fieldBlocks == null) {
                throw new MalformedReportException("the report has no message/delivery-status part");
            }
            InternetHeaders perMessage = headers(fieldBlocks.get(0));
            addIds(originalIds, perMessage.getHeader("Original-Message-ID", null));
            addIds(originalIds, perMessage.getHeader("X-Original-Message-ID", null));
            addIds(originalIds, report.getHeader("Original-Message-ID", null));
            addIds(originalIds, report.getHeader("In-Reply-To", null));
            addIds(originalIds, report.getHeader("References", " "));
            List<DeliveryStatusReport.RecipientStatus> recipients = new ArrayList<>();
            for (int block = 1; block < fieldBlocks.size(); block++) {
                recipients.add(recipient(headers(fieldBlocks.get(block)), block));
            }
            if (recipients.isEmpty()) {
                throw new MalformedReportException(
                        "the delivery-status part has no per-recipient fields " + "(Final-Recipient, Action, Status)");
            }
            return new DeliveryStatusReport(
                    firstId(report.getHeader("Message-ID", null)), List.copyOf(originalIds), List.copyOf(recipients));
        } catch (MessagingException | IOException e) {
            throw new MalformedReportException("not a readable MIME message: " + e.getMessage());
        }
    }

    private static DeliveryStatusReport.RecipientStatus recipient(InternetHeaders fields, int block)
            throws MalformedReportException {
        String where = "per-recipient block " + block;
        String finalRecipient = fields.getHeader("Final-Recipient", null);
        if (finalRecipient == null) {
            finalRecipient = fields.getHeader("Original-Recipient", null);
        }
        if (finalRecipient == null) {
            throw new MalformedReportException(where + ": no Final-Recipient field");
        }
        String action = fields.getHeader("Action", null);
        if (action == null || !ACTIONS.contains(action.strip().toLowerCase(Locale.ROOT))) {
            throw new MalformedReportException(
                    where + ": Action is '" + action + "', expected failed, delayed, delivered, relayed or expanded");
        }
        String status = fields.getHeader("Status", null);
        Matcher code = STATUS.matcher(status == null ? "" : status);
        if (!code.lookingAt()) {
            throw new MalformedReportException(
                    where + ": Status is '" + status + "', expected a status code such as 5.1.1");
        }
        String diagnostic = fields.getHeader("Diagnostic-Code", null);
        return new DeliveryStatusReport.RecipientStatus(
                address(finalRecipient),
                action.strip().toLowerCase(Locale.ROOT),
                code.group(),
                diagnostic == null ? null : unfold(diagnostic));
    }

    /** {@code rfc822; user@example.org} → {@code user@example.org}. */
    private static String address(String field) {
        int semicolon = field.indexOf(';');
        return unfold(semicolon < 0 ? field : field.substring(semicolon + 1)).toLowerCase(Locale.ROOT);
    }

    private static String unfold(String value) {
        return value.replaceAll("\\s+", " ").strip();
    }

    /** The field blocks of a delivery-status body, separated by blank lines; the first is per-message. */
    private static List<String> blocks(InputStream body) throws IOException, MalformedReportException {
        String text = new String(body.readNBytes(MAX_BYTES), StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<String> blocks = new ArrayList<>();
        for (String block : text.split("\n[ \t]*\n")) {
            if (!block.isBlank()) {
                blocks.add(block.strip() + "\n");
            }
        }
        if (blocks.isEmpty()) {
            throw new MalformedReportException("the message/delivery-status part is empty");
        }
        return blocks;
    }

    private static InternetHeaders headers(String block) throws MessagingException {
        return new InternetHeaders(new ByteArrayInputStream((block + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static ContentType contentType(String value) throws MalformedReportException {
        try {
            return new ContentType(value == null ? "text/plain" : value);
        } catch (jakarta.mail.internet.ParseException e) {
            throw new MalformedReportException("unreadable Content-Type '" + value + "'");
        }
    }

    private static void addIds(Set<String> ids, String header) {
        if (header != null) {
            Matcher matcher = MESSAGE_ID.matcher(header);
            while (matcher.find()) {
                ids.add(matcher.group());
            }
        }
    }

    private static String firstId(String header) {
        Set<String> ids = new LinkedHashSet<>();
        addIds(ids, header);
        return ids.isEmpty() ? null : ids.iterator().next();
    }
}
