-- serializes version numbering and status changes of one unit across replicas (until the transaction ends)
SELECT pg_advisory_xact_lock(hashtext('route_version'), hashtext(?))
