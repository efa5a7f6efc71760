package com.misybot.hub.privacy.pii;

import java.util.List;

/** The entity types the hub detects, with Presidio's names. */
public final class PiiTypes {

    public static final String PERSON = "PERSON";
    public static final String EMAIL_ADDRESS = "EMAIL_ADDRESS";
    public static final String PHONE_NUMBER = "PHONE_NUMBER";
    public static final String CREDIT_CARD = "CREDIT_CARD";
    public static final String IBAN_CODE = "IBAN_CODE";
    public static final String US_SSN = "US_SSN";
    public static final String IP_ADDRESS = "IP_ADDRESS";
    public static final String STREET_ADDRESS = "STREET_ADDRESS";

    public static final List<String> ALL = List.of(PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN,
            IP_ADDRESS, STREET_ADDRESS);

    private PiiTypes() {
    }
}
