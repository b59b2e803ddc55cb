package dev.breachnotify.audit.report;

import io.micronaut.context.annotation.ConfigurationProperties;

/** The evidence report's settings ({@code breachnotify.report.*}). */
@ConfigurationProperties("breachnotify.report")
public class ReportSettings {

    /** The vendor's name, printed under the title. Default {@code Ihr Softwarehersteller GmbH}. */
    private String vendorName = "Ihr Softwarehersteller GmbH";
    /**
     * How many outstanding practices the PDF lists (the first, by practice id); the rest are counted and found in
     * the CSV of outstanding practices. Default 200.
     */
    private int outstandingLimit = 200;

    public String getVendorName() {
        return vendorName;
    }

    public void setVendorName(String vendorName) {
        this.vendorName = vendorName;
    }

    public int getOutstandingLimit() {
        return outstandingLimit;
    }

    public void setOutstandingLimit(int outstandingLimit) {
        if (outstandingLimit < 1 || outstandingLimit > 10_000) {
            throw new IllegalArgumentException(
                    "breachnotify.report.outstanding-limit must be 1 to 10000, not " + outstandingLimit);
        }
        this.outstandingLimit = outstandingLimit;
    }
}
