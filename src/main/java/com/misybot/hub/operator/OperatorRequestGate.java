package com.misybot.hub.operator;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds requests to operator HTTP paths while a unit's routes are swapped. Between stopping the old routes and
 * starting the new ones a platform-http path has no consumer (Spring MVC would answer 404): each request to an
 * operator path holds a read stamp until its answer is complete (platform-http answers asynchronously, so the stamp
 * is released by an AsyncListener, possibly on another thread: hence a StampedLock, whose stamps have no owner
 * thread), and a swap takes the write stamp. In-flight requests finish first; requests arriving meanwhile queue
 * behind the swap for the milliseconds it takes, then reach the new version.
 */
public class OperatorRequestGate extends OncePerRequestFilter {

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final StampedLock lock = new StampedLock();
    private final Set<String> prefixes;
    private volatile Set<String> patterns = Set.of();

    /** {@code prefixes}: paths gated whether or not an operator route serves them yet (e.g. /api/v1/ext/). */
    public OperatorRequestGate(Set<String> prefixes) {
        this.prefixes = Set.copyOf(prefixes);
    }

    /** The platform-http paths the running operator routes serve (Ant patterns; {name} is one segment). */
    public void gate(Set<String> servedPaths) {
        this.patterns = Set.copyOf(servedPaths);
    }

    /** Runs {@code swap} with every gated request held: those in flight finish first, new ones wait for it. */
    public <T> T closedFor(Duration wait, Supplier<T> swap) {
        long stamp;
        try {
            stamp = lock.tryWriteLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted while waiting for requests in flight.");
        }
        if (stamp == 0L) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "Requests to operator routes still in flight after "
                    + wait.toMillis() + " ms: nothing was changed, try again.");
        }
        try {
            return swap.get();
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        for (String pattern : patterns) {
            if (PATHS.match(pattern, path)) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long stamp = lock.readLock();
        AtomicBoolean released = new AtomicBoolean();
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Release(stamp, released));
                async = true;
            }
        } finally {
            if (!async && released.compareAndSet(false, true)) {
                lock.unlockRead(stamp);
            }
        }
    }

    /** Releases the read stamp once the asynchronous answer is complete (or failed, or timed out). */
    private final class Release implements AsyncListener {

        private final long stamp;
        private final AtomicBoolean released;

        private Release(long stamp, AtomicBoolean released) {
            this.stamp = stamp;
            this.released = released;
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                lock.unlockRead(stamp);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new asynchronous cycle of the same request drops its listeners: stay registered until it completes
            event.getAsyncContext().addListener(this);
        }
    }
}
