package com.misybot.hub.governance.crypto;

import com.misybot.hub.platform.HubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Secrets at rest: the master key provider, the keysets it protects, and the cipher of the secret columns. */
@Configuration(proxyBeanMethods = false)
public class CryptoConfiguration {

    @Bean
    Keysets keysets(CryptoProperties crypto, HubProperties hub, JdbcTemplate jdbc, TransactionTemplate tx) {
        return new Keysets(jdbc, tx, MasterKeys.open(crypto.master(), hub.embedded().dataDir()),
                crypto.master().provider());
    }

    @Bean
    SecretCipher secretCipher(Keysets keysets) {
        return new SecretCipher(keysets);
    }

    @Bean
    SubjectKeys subjectKeys(JdbcTemplate jdbc, Keysets keysets) {
        return new SubjectKeys(jdbc, keysets);
    }

    @Bean
    SecretColumns secretColumns(JdbcTemplate jdbc, TransactionTemplate tx, SecretCipher cipher) {
        return new SecretColumns(jdbc, tx, cipher);
    }
}
