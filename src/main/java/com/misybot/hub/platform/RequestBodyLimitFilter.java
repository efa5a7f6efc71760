package com.misybot.hub.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects API request bodies over {@code hub.ingress.max-body-bytes} with 413 before anything reads them: by
 * {@code Content-Length} when declared, otherwise by reading at most one byte past the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final long knowledgeMaxBytes;
    private final long trendsMaxBytes;
    private final ProblemWriter problems;

    public RequestBodyLimitFilter(HubProperties properties, ProblemWriter problems,
                                  @Value("${hub.vector.knowledge-max-body-bytes:4194304}") long knowledgeMaxBytes,
                                  @Value("${hub.trends.upload-max-body-bytes:4194304}") long trendsMaxBytes) {
        this.maxBytes = properties.ingress().maxBodyBytes();
        this.knowledgeMaxBytes = knowledgeMaxBytes;
        this.trendsMaxBytes = trendsMaxBytes;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // knowledge uploads (up to 1,000 documents) and trend signal uploads (CSV) have limits of their own
        String uri = request.getRequestURI();
        long maxBytes = uri.startsWith("/api/v1/knowledge/") ? knowledgeMaxBytes
                : uri.equals("/api/v1/trends/signals") ? trendsMaxBytes : this.maxBytes;
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            reject(request, response, maxBytes);
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
        if (body.length > maxBytes) {
            reject(request, response, maxBytes);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, long maxBytes) throws IOException {
        problems.write(request, response, ProblemType.PAYLOAD_TOO_LARGE,
                "The request body exceeds the limit of " + maxBytes + " bytes.");
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return out.toByteArray();
    }
}
