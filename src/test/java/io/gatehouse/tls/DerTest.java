package io.gatehouse.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writing one DER element and reading it back, across the length forms, and input that is cut short. */
class DerTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 65535, 65536, 70000})
    void anElementIsReadBackWithTheLengthItWasWrittenWith(int length) {
        byte[] content = new byte[length];
        Arrays.fill(content, (byte) 7);

        byte[] element = Der.element(Der.OCTET_STRING, content);
        Der read = Der.over(element).enter(Der.OCTET_STRING);

        int lengthBytes = length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 4;
        assertEquals(1 + lengthBytes + length, element.length);
        assertEquals(length, read.end - read.pos);
        assertArrayEquals(element, read.element());
    }

    @Test
    void partsAreWrittenInOrderAfterOneHeader() {
        byte[] sequence = Der.element(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 0}, new byte[] {Der.NULL, 0});

        assertArrayEquals(new byte[] {0x30, 5, 2, 1, 0, 5, 0}, sequence);
    }

    @Test
    void aLengthBeyondTheInputOrAnotherTagIsNull() {
        assertNull(Der.over(new byte[] {0x04, 5, 1, 2}).enter(Der.OCTET_STRING));
        assertNull(Der.over(new byte[] {0x04, (byte) 0x82, 1}).enter(Der.OCTET_STRING));
        assertNull(Der.over(new byte[] {0x04, (byte) 0x84, 0, 0, 0, 1, 0}).enter(Der.OCTET_STRING));
        assertNull(Der.over(new byte[] {0x02, 1, 0}).enter(Der.OCTET_STRING));
    }
}
