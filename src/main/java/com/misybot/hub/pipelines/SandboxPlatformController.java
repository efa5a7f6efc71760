package com.misybot.hub.pipelines;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in social platform served by the hub itself ({@code hub.publish.sandbox=true}, on in the embedded
 * default) so the viralization pipeline can publish and unpublish without a real platform account. Posts live in
 * memory only and honour {@code Idempotency-Key}. Production points {@code hub.publish.platforms.*.url} at the
 * real platform APIs and turns this off.
 */
@RestController
@RequestMapping("/api/v1/sandbox/platforms/{platform}/posts")
@ConditionalOnProperty(name = "hub.publish.sandbox", havingValue = "true")
public class SandboxPlatformController {

    private final Map<String, Map<String, Object>> posts = new ConcurrentHashMap<>();
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    @PostMapping
    public ResponseEntity<Map<String, Object>> create(@PathVariable String platform,
                                                      @RequestHeader(name = "Idempotency-Key", required = false)
                                                      String key, @RequestBody Map<String, Object> post) {
        String id = key == null ? UUID.randomUUID().toString()
                : keys.computeIfAbsent(platform + "|" + key, k -> UUID.randomUUID().toString());
        posts.putIfAbsent(id, Map.of("id", id, "platform", platform, "post", post));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@PathVariable String platform, @PathVariable String id) {
        return posts.remove(id) == null ? ResponseEntity.notFound().build() : ResponseEntity.noContent().build();
    }

    @GetMapping
    public List<Map<String, Object>> list(@PathVariable String platform) {
        return posts.values().stream().filter(p -> platform.equals(p.get("platform"))).toList();
    }
}
