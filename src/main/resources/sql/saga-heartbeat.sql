-- this instance is alive: extend the lease of every saga it is running
UPDATE saga SET lease_until = now() + CAST(:leaseMs AS bigint) * interval '1 millisecond'
 WHERE instance_id = :instanceId AND status IN ('RUNNING', 'COMPENSATING', 'COMPLETING')
