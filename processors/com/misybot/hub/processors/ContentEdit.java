package com.misybot.hub.processors;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.editor.ContentEditor;
import com.misybot.hub.bus.Envelope;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * {@code contentEdit}: content-editor's reply to the editing request in the body, with the behaviour kamelet
 * content-edit-action sets (prompt, output schema, model parameters, fallback).
 */
@Component("contentEdit")
public class ContentEdit {

    private final ContentEditor editor;

    public ContentEdit(ContentEditor editor) {
        this.editor = editor;
    }

    public AgentReply edit(Envelope envelope, Exchange exchange) {
        return editor.edit(envelope, BehaviourVariables.of(exchange));
    }
}
