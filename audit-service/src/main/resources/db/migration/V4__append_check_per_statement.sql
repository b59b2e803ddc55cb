-- The gapless / time-order check of V1, once per statement instead of once per row. The appender writes a batch
-- with one COPY; a row-level trigger cost a PL/pgSQL call and an index probe per entry. This AFTER trigger sees
-- the statement's new rows as a transition table and checks them together: the same rules, the same messages.
-- A failing check aborts the statement, so nothing of it stays.

DROP TRIGGER audit_log_gapless ON audit_log;
DROP FUNCTION audit_log_check_append();

CREATE FUNCTION audit_log_check_appended() RETURNS trigger AS $$
DECLARE
    first_idx        BIGINT;
    last_idx         BIGINT;
    added            BIGINT;
    first_recorded   TIMESTAMPTZ;
    prev_idx         BIGINT;
    prev_recorded_at TIMESTAMPTZ;
    bad_idx          BIGINT;
BEGIN
    SELECT min(idx), max(idx), count(*) INTO first_idx, last_idx, added FROM appended;
    IF added = 0 THEN
        RETURN NULL;
    END IF;
    SELECT idx, recorded_at INTO prev_idx, prev_recorded_at
        FROM audit_log WHERE idx < first_idx ORDER BY idx DESC LIMIT 1;
    IF first_idx <> COALESCE(prev_idx + 1, 0) THEN
        RAISE EXCEPTION 'audit_log is gapless: the next index is %, not %', COALESCE(prev_idx + 1, 0), first_idx;
    END IF;
    IF last_idx - first_idx + 1 <> added THEN
        SELECT a.idx + 1 INTO bad_idx FROM appended a
            WHERE a.idx < last_idx AND NOT EXISTS (SELECT 1 FROM appended b WHERE b.idx = a.idx + 1)
            ORDER BY a.idx LIMIT 1;
        RAISE EXCEPTION 'audit_log is gapless: the next index is %, not %', bad_idx,
            (SELECT min(idx) FROM appended WHERE idx > bad_idx);
    END IF;
    -- max(idx) is read from the primary key's end; an EXISTS (... WHERE idx > last_idx) would be planned as a
    -- sequential scan that expects an early hit and finds none, reading the whole log per statement.
    IF (SELECT max(idx) FROM audit_log) <> last_idx THEN
        RAISE EXCEPTION 'audit_log is gapless: index % is not at the end of the log', first_idx;
    END IF;
    SELECT recorded_at INTO first_recorded FROM appended WHERE idx = first_idx;
    IF first_recorded < prev_recorded_at THEN
        RAISE EXCEPTION 'audit_log is in time order: recorded_at % is before the last entry''s %',
            first_recorded, prev_recorded_at;
    END IF;
    SELECT idx INTO bad_idx FROM (
            SELECT idx, recorded_at < lag(recorded_at) OVER (ORDER BY idx) AS goes_back FROM appended) steps
        WHERE goes_back ORDER BY idx LIMIT 1;
    IF bad_idx IS NOT NULL THEN
        RAISE EXCEPTION 'audit_log is in time order: recorded_at of entry % is before the one of entry %',
            bad_idx, bad_idx - 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
-- Planned with the batch's own bounds every time: a generic plan for "idx < $1" cannot know that it asks for
-- the log's last entry and may scan the table.
SET plan_cache_mode = force_custom_plan;

CREATE TRIGGER audit_log_gapless AFTER INSERT ON audit_log
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_check_appended();
