-- tells every replica listening on the channel that something changed (delivered when the transaction commits)
SELECT pg_notify(?, ?)
