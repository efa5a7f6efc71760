/**
 * The operators' palette: the processors YAML routes and kamelets refer to by bean name (LLM completion, embedding,
 * context load and snapshot, retrieval, policy check, publish). One small class each; each is a thin adapter over a
 * service of the hub, so nothing here holds logic of its own. Only beans of this package may be named by operator
 * YAML ({@code bean:}, {@code ref}, {@code method}); the route policy refuses the others.
 */
package com.misybot.hub.processors;
