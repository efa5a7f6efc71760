package com.misybot.hub.processors;

import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.bus.Envelope;
import org.springframework.stereotype.Component;

/** {@code agentTask}: the task an agent's bus envelope carries (user turn, owner, snapshot, correlation). */
@Component("agentTask")
public class AgentTasks {

    public AgentTask of(Envelope envelope) {
        return AgentTask.of(envelope);
    }
}
