-- What operators asked of each agent's consumers (issue 15): the truth every replica converges on. A replica
-- applies a row when it is changed (a control message on the bus) and on its periodic reconcile; restart_seq grows
-- by one per restart request, and a replica restarts the agent's routes when it sees a number it has not applied.
CREATE TABLE agent_control (
    agent        text PRIMARY KEY,
    desired      text        NOT NULL CHECK (desired IN ('running', 'paused', 'terminated')),
    restart_seq  bigint      NOT NULL DEFAULT 0,
    reason       text,
    updated_by   text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
