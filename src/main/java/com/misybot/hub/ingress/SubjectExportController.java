package com.misybot.hub.ingress;

import com.misybot.hub.governance.security.HubAuthentication;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.privacy.SubjectData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/v1/me/export}: everything the hub holds about the caller (GDPR Art. 15 and 20) as one JSON
 * document, streamed row by row as it is read. A Spring MVC endpoint: platform-http would buffer the whole body.
 */
@RestController
public class SubjectExportController {

    private final SubjectData subjects;

    public SubjectExportController(SubjectData subjects) {
        this.subjects = subjects;
    }

    @GetMapping(path = "/api/v1/me/export", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<StreamingResponseBody> export() {
        Caller caller = HubAuthentication.caller(SecurityContextHolder.getContext().getAuthentication());
        StreamingResponseBody body = out -> subjects.export(caller.id(), out);
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"misybot-export-" + caller.id() + ".json\"").body(body);
    }
}
