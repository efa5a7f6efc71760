-- tells every replica listening on the channel that a unit changed (delivered when the transaction commits)
SELECT pg_notify(?, ?)
