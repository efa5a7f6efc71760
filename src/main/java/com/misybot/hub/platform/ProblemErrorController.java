package com.misybot.hub.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/** Replaces Spring Boot's /error page: whatever ends up there is answered as problem+json, never a stack trace. */
@Controller
public class ProblemErrorController implements ErrorController {

    private final ProblemWriter problems;

    public ProblemErrorController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // no error attribute: someone asked for /error directly, which is not a resource
        int status = code instanceof Integer i ? i : 404;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemType type = ProblemType.forStatus(status);
        Problem problem = Problem.of(type,
                        status >= 500 ? "The hub could not process the request." : type.title() + ".",
                        ProblemWriter.correlationId(request))
                .withInstance(uri != null ? uri.toString() : request.getRequestURI());
        response.setStatus(status);
        problems.write(request, response, problem);
    }
}
