-- the replicas' periodic check: which version of each policy is active (cheap; the texts are read on a change)
SELECT policy_id, version FROM policy_version WHERE status = 'active'
