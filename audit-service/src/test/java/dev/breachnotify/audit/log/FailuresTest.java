package dev.breachnotify.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aBatchFailureIsDescribedByItsCauseWithoutTheStatementValuesOrDetail() {
        var batch = new BatchUpdateException(
                "Batch entry 0 INSERT INTO audit_log VALUES ('Dr. Müller') was aborted", "23505", new int[0]);
        batch.setNextException(new SQLException(
                "ERROR: duplicate key value violates unique constraint \"audit_log_event_id_key\"\n"
                        + "  Detail: Key (event_id)=(0b0c8f55-63a4-4f2f-9d55-1f6f0f3c1a10) already exists.",
                "23505"));

        String description = Failures.describe(new RuntimeException("wrapped: " + batch.getMessage(), batch));

        assertThat(description)
                .isEqualTo("SQLException (SQLState 23505): "
                        + "ERROR: duplicate key value violates unique constraint \"audit_log_event_id_key\"");
    }

    @Test
    void otherFailuresAreDescribedByTheirTypesOnly() {
        var failure = new IllegalStateException("cannot bind 'Dr. Müller'", new NullPointerException("x"));

        assertThat(Failures.describe(failure))
                .isEqualTo("java.lang.IllegalStateException <- java.lang.NullPointerException");
    }
}
