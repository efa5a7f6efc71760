INSERT INTO campaign (id, name, created_by, goal, brief, sessions, platforms, variants, budget_cents, per_round_cents,
                      daily_cap_cents, starts_at, ends_at, cadence_seconds, status, next_round_at)
VALUES (:id, :name, :createdBy, :goal, :brief, CAST(:sessions AS jsonb), CAST(:platforms AS jsonb),
        CAST(:variants AS jsonb), :budgetCents, :perRoundCents, CAST(:dailyCapCents AS jsonb), :startsAt, :endsAt,
        :cadenceSeconds, 'scheduled', :nextRoundAt)
