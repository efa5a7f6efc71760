-- Wake-ups (issue 18): replicas LISTEN on channel hub_wake (platform/Wakeups) and act at once on what these
-- triggers announce, instead of at their next poll; the polls stay, for notifications lost while a listener
-- reconnects. A notification is delivered when its transaction commits, and PostgreSQL sends one per transaction
-- for equal payloads.

-- the outbox relay: a bus message is waiting
CREATE FUNCTION hub_wake_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hub_wake', 'outbox');
    RETURN NULL;
END $$;
CREATE TRIGGER bus_outbox_wake AFTER INSERT ON bus_outbox
    FOR EACH ROW EXECUTE FUNCTION hub_wake_outbox();

-- POST .../messages?wait=N: the turn it waits for has its answer
CREATE FUNCTION hub_wake_reply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hub_wake', 'reply:' || NEW.reply_to::text);
    RETURN NULL;
END $$;
CREATE TRIGGER context_turn_reply_wake AFTER INSERT ON context_turn
    FOR EACH ROW WHEN (NEW.reply_to IS NOT NULL) EXECUTE FUNCTION hub_wake_reply();
