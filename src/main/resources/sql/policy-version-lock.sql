-- serializes version numbering and activations of every policy across replicas (until the transaction ends): an
-- activation checks the rule ids against the other policies' active versions
SELECT pg_advisory_xact_lock(hashtext('policy_version'))
