-- The notifications an email worker began to send and has not recorded yet (one batch INSERT before the sends,
-- deleted with the batch's record). One still here when its notification comes again was in flight during a crash:
-- its mail may have been accepted already, so its re-send is announced as email.sent with possibleDuplicate.
CREATE TABLE email_in_flight (
    notification_id UUID PRIMARY KEY,
    started_at      TIMESTAMPTZ NOT NULL
);
