package com.misybot.hub.privacy.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.EmailValidator;
import org.apache.commons.validator.routines.InetAddressValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;
import org.iban4j.IbanFormatException;
import org.iban4j.IbanUtil;
import org.iban4j.InvalidCheckDigitException;
import org.iban4j.UnsupportedCountryException;

/**
 * The pattern recognizers, Presidio's way: a regular expression finds candidates, a validator from a maintained
 * library confirms them (Luhn from commons-validator, mod-97 from iban4j, e-mail and IP syntax from
 * commons-validator, phone numbers from libphonenumber's matcher) and a candidate that fails is dropped. Scores
 * are the base likelihoods that {@link ContextWords} then raises or lowers.
 */
public final class PatternRecognizers {

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[\\w.%+-]+@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?)+");
    /** 12 to 19 digits, optionally grouped by single spaces or dashes. */
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){11,18}(?![\\d-])");
    private static final Pattern IBAN = Pattern.compile(
            "(?i)(?<![\\p{L}\\p{N}])[a-z]{2}\\d{2}(?: ?[a-z0-9]){11,30}(?![\\p{L}\\p{N}])");
    private static final Pattern SSN = Pattern.compile("(?<![\\d-])(\\d{3})([- .]?)(\\d{2})\\2(\\d{4})(?![\\d-])");
    // not inside a longer dotted number (a version 1.2.3.4000), but a sentence may end right after it
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?!\\d|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile(
            "(?i)(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:%\\w+)?(?![0-9a-f:])");
    /** Regions whose numbering plans the phone matcher tries (Presidio's defaults plus AU, ES, IT, NL, CH, MX). */
    private static final List<String> PHONE_REGIONS = List.of("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR", "AU",
            "ES", "IT", "NL", "CH", "MX");

    /** Seven or more digits with at most three separator characters between two of them. */
    private static final Pattern PHONE_HINT = Pattern.compile("\\d(?:[\\s().+/-]{0,3}\\d){6,}");

    private final EmailValidator emails = EmailValidator.getInstance(false, true);
    private final InetAddressValidator ips = InetAddressValidator.getInstance();
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public List<PiiEntity> analyze(String text) {
        List<PiiEntity> out = new ArrayList<>();
        emails(text, out);
        cards(text, out);
        ibans(text, out);
        ssns(text, out);
        ips(text, out);
        List<PiiEntity> addresses = List.copyOf(out.stream().filter(e -> e.type().equals(PiiTypes.IP_ADDRESS))
                .toList());
        List<PiiEntity> numbers = new ArrayList<>();
        phones(text, numbers);
        // a valid dotted quad is an address, whatever digits libphonenumber sees in it
        numbers.removeIf(p -> addresses.stream().anyMatch(p::overlaps));
        out.addAll(numbers);
        return out;
    }

    private void emails(String text, List<PiiEntity> out) {
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            if (emails.isValid(m.group())) {
                out.add(new PiiEntity(PiiTypes.EMAIL_ADDRESS, m.start(), m.end(), 1.0));
            }
        }
    }

    private static void cards(String text, List<PiiEntity> out) {
        Matcher m = CARD.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("[ -]", "");
            if (digits.length() >= 13 && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits)) {
                out.add(new PiiEntity(PiiTypes.CREDIT_CARD, m.start(), m.end(), 1.0));
            }
        }
    }

    private static void ibans(String text, List<PiiEntity> out) {
        Matcher m = IBAN.matcher(text);
        while (m.find()) {
            String candidate = m.group().replace(" ", "").toUpperCase(Locale.ROOT);
            // the candidate may have swallowed a word that follows: try the longest valid prefix
            for (int len = candidate.length(); len >= 15; len--) {
                if (valid(candidate.substring(0, len))) {
                    out.add(new PiiEntity(PiiTypes.IBAN_CODE, m.start(), end(m.group(), m.start(), len), 1.0));
                    break;
                }
            }
        }
    }

    /** Offset in the text after {@code chars} non-space characters of {@code match} (which begins at {@code start}). */
    private static int end(String match, int start, int chars) {
        int seen = 0;
        for (int i = 0; i < match.length(); i++) {
            if (match.charAt(i) != ' ' && ++seen == chars) {
                return start + i + 1;
            }
        }
        return start + match.length();
    }

    private static boolean valid(String iban) {
        try {
            IbanUtil.validate(iban);
            return true;
        } catch (IbanFormatException | InvalidCheckDigitException | UnsupportedCountryException e) {
            return false;
        }
    }

    private static void ssns(String text, List<PiiEntity> out) {
        Matcher m = SSN.matcher(text);
        while (m.find()) {
            String area = m.group(1);
            String group = m.group(3);
            String serial = m.group(4);
            // the SSA never issues these (area 000, 666 or 9xx, group 00, serial 0000)
            if (area.equals("000") || area.equals("666") || area.charAt(0) == '9' || group.equals("00")
                    || serial.equals("0000") || (area + group + serial).chars().distinct().count() == 1) {
                continue;
            }
            // grouped like an SSN it is likely one; nine bare digits need a context word
            out.add(new PiiEntity(PiiTypes.US_SSN, m.start(), m.end(), m.group(2).isEmpty() ? 0.05 : 0.5));
        }
    }

    private void ips(String text, List<PiiEntity> out) {
        Matcher m = IPV4.matcher(text);
        while (m.find()) {
            if (ips.isValidInet4Address(m.group())) {
                out.add(new PiiEntity(PiiTypes.IP_ADDRESS, m.start(), m.end(), 0.6));
            }
        }
        m = IPV6.matcher(text);
        while (m.find()) {
            if (m.group().chars().filter(c -> c == ':').count() >= 2 && ips.isValidInet6Address(m.group())
                    && m.group().replace(":", "").length() >= 3) {
                out.add(new PiiEntity(PiiTypes.IP_ADDRESS, m.start(), m.end(), 0.6));
            }
        }
    }

    private void phones(String text, List<PiiEntity> out) {
        // libphonenumber's matcher is run only around runs of 7 or more digits (14 regions over a whole message
        // cost milliseconds); each window keeps room for a leading + or ( and a trailing extension
        Matcher hint = PHONE_HINT.matcher(text);
        int from = -1;
        int to = -1;
        while (hint.find()) {
            int start = Math.max(0, hint.start() - 4);
            int end = Math.min(text.length(), hint.end() + 12);
            if (from >= 0 && start <= to) {
                to = end;
                continue;
            }
            if (from >= 0) {
                phones(text, from, to, out);
            }
            from = start;
            to = end;
        }
        if (from >= 0) {
            phones(text, from, to, out);
        }
    }

    private void phones(String text, int from, int to, List<PiiEntity> out) {
        String window = text.substring(from, to);
        List<PiiEntity> found = new ArrayList<>();
        for (String region : PHONE_REGIONS) {
            for (PhoneNumberMatch match : phones.findNumbers(window, region, PhoneNumberUtil.Leniency.POSSIBLE,
                    Long.MAX_VALUE)) {
                long digits = match.rawString().chars().filter(Character::isDigit).count();
                // E.164 numbers have at most 15 digits (a 16-digit run that failed Luhn is not a phone either)
                if (digits < 7 || digits > 15 + (match.rawString().contains("x") || match.rawString()
                        .contains("ext") ? 6 : 0)) {
                    continue;
                }
                int start = from + match.start();
                int end = from + match.end();
                // digits inside a longer token (a UUID, a hash, an order code) are not a phone number
                if ((start > 0 && Character.isLetterOrDigit(text.charAt(start - 1)))
                        || (end < text.length() && Character.isLetter(text.charAt(end)))) {
                    continue;
                }
                PiiEntity e = new PiiEntity(PiiTypes.PHONE_NUMBER, start, end,
                        phones.isValidNumber(match.number()) ? 0.5 : 0.3);
                if (found.stream().noneMatch(f -> f.overlaps(e) && f.length() >= e.length() && f.score() >= e.score())) {
                    found.removeIf(f -> f.overlaps(e));
                    found.add(e);
                }
            }
        }
        out.addAll(found);
    }
}
