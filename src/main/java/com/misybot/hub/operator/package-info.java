/**
 * Governed operator YAML: what operators change while the hub runs (routes/pipelines, routes/agents, routes/ext).
 * Every change goes validate → store a version → activate (swap without failing a request) → roll back; nothing
 * else loads or replaces an operator route. Sits above governance (audit) and bus, below pipelines and admin.
 */
package com.misybot.hub.operator;
