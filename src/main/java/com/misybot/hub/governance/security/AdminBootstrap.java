package com.misybot.hub.governance.security;

import com.misybot.hub.platform.HubProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the {@code admin} superadmin at start when none exists: with {@code HUB_ADMIN_PASSWORD}, or (embedded
 * default only) with a generated password written to {@code <data-dir>/initial-admin-password}.
 */
@Component
public class AdminBootstrap implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";

    private final UserStore users;
    private final PasswordEncoder passwords;
    private final HubProperties properties;

    public AdminBootstrap(UserStore users, PasswordEncoder passwords, HubProperties properties) {
        this.users = users;
        this.passwords = passwords;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (users.findActive(ADMIN).isPresent()) {
            return;
        }
        HubProperties.Bootstrap bootstrap = properties.security().bootstrap();
        String password = bootstrap.adminPassword();
        Path written = null;
        if (password == null || password.isBlank()) {
            if (!bootstrap.generateAdminPassword()) {
                LOG.warn("No '{}' user exists and HUB_ADMIN_PASSWORD is not set: nobody can log in yet", ADMIN);
                return;
            }
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            written = writeSecret(Path.of(properties.embedded().dataDir(), "initial-admin-password"), password);
        }
        if (users.insert(UserStore.User.newUser(ADMIN, passwords.encode(password), Set.of(Roles.SUPERADMIN)))) {
            LOG.info("Created user '{}' with role superadmin{}", ADMIN,
                    written == null ? "" : "; its generated password is in " + written);
        }
    }

    private static Path writeSecret(Path file, String secret) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, secret + System.lineSeparator());
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("File system without POSIX permissions: {}", file);
        }
        return file.toAbsolutePath();
    }
}
