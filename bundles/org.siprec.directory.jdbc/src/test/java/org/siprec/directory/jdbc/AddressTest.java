package org.siprec.directory.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The normalisation rules of docs/directory.md, one row per form. */
class AddressTest {

    @ParameterizedTest(name = "[{index}] {0} (cc {1}) -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // E.164 with and without +, any context
            "+33140001234                       | -  | Number    | +33140001234",
            "33140001234                        | -  | Number    | +33140001234",
            "0033140001234                      | -  | Number    | +33140001234",
            "+33 1 40 00 12 34                  | -  | Number    | +33140001234",
            "+33 (0)1 40.00.12.34               | 33 | Number    | +330140001234",
            // French national forms
            "01 40 00 12 34                     | 33 | Number    | +33140001234",
            "06-12-34-56-78                     | 33 | Number    | +33612345678",
            "0033 6 12 34 56 78                 | 33 | Number    | +33612345678",
            "tel:+33-1-40-00-12-34              | -  | Number    | +33140001234",
            "tel:0140001234;phone-context=+33   | 33 | Number    | +33140001234",
            "sip:+33140001234@ims.example.net;user=phone | - | Number | +33140001234",
            "<sip:0140001234@pbx.example.fr;user=phone>  | 33 | Number | +33140001234",
            "\"Alice\" <sip:+33140001234@ims.example.net>| - | Number | +33140001234",
            "sips:+33140001234@ims.example.net  | -  | Number    | +33140001234",
            // German national forms
            "030 1234567                        | 49 | Number    | +49301234567",
            "0049 30 1234567                    | 49 | Number    | +49301234567",
            "(030) 123 45-67                    | 49 | Number    | +49301234567",
            "0171/1234567                       | 49 | Number    | +491711234567",
            "+49 30 1234567                     | 33 | Number    | +49301234567",
            // US (NANP): trunk prefix 1, international prefix 011, 10-digit national numbers
            "(212) 555-1234                     | 1  | Number    | +12125551234",
            "212.555.1234                       | 1  | Number    | +12125551234",
            "1-212-555-1234                     | 1  | Number    | +12125551234",
            "011 33 1 40 00 12 34               | 1  | Number    | +33140001234",
            "+1 212 555 1234                    | -  | Number    | +12125551234",
            "tel:+1-212-555-1234                | 49 | Number    | +12125551234",
            // extensions, only for a company
            "1234                               | 33 | Extension | 1234",
            "sip:1234@pbx.example.fr            | 33 | Extension | 1234",
            // SIP AORs that are not numbers
            "sip:alice@Example.COM              | -  | Aor       | sip:alice@example.com",
            "sip:alice@example.com:5060;transport=tcp | - | Aor | sip:alice@example.com",
            "<sip:Alice@example.com>;tag=1      | -  | Aor       | sip:Alice@example.com",
            "alice@example.com                  | 33 | Aor       | sip:alice@example.com",
            "sip:alice:secret@example.com       | -  | Aor       | sip:alice@example.com",
    })
    void reads(String text, String countryCode, String kind, String value) {
        Address a = Address.parse(text, countryCode);
        assertEquals(kind, a.getClass().getSimpleName(), text);
        assertEquals(value, a.value(), text);
    }

    @ParameterizedTest(name = "[{index}] {0} (cc {1}) refused: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "                                   | -  | empty",
            "01 40 00 12 34                     | -  | national number",
            "1234                               | -  | extensions can only be read for a company",
            "+33 1 40 00 12 34 56 78 90 12      | -  | not an E.164 number",
            "+0140001234                        | -  | not an E.164 number",
            "+331                               | -  | not an E.164 number",
            "0800-FLOWERS                       | 33 | not a telephone number",
            "1234567                            | 33 | neither an extension",
            "sip:example.com                    | -  | needs a user part",
            "sip:+33abc@example.com;user=phone  | -  | not an E.164 number",
            "<sip:alice@example.com             | -  | '<' without '>'",
            "0123456789                         | 1  | neither an extension",
    })
    void refuses(String text, String countryCode, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Address.parse(text, countryCode), () -> String.valueOf(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
