package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Sizes in powers of 1024 as users write them, and the messages for those that are not. */
class SizesTest {

    @Test
    void readsUnitsInPowersOf1024() {
        assertEquals(512, Sizes.parse("512B"));
        assertEquals(64 * 1024, Sizes.parse("64KB"));
        assertEquals(10L * 1024 * 1024, Sizes.parse("10MB"));
        assertEquals(1024L * 1024 * 1024, Sizes.parse("1GB"));
    }

    @Test
    void acceptsAnyCaseShortUnitsAndBareBytes() {
        assertEquals(64 * 1024, Sizes.parse("64kb"));
        assertEquals(64 * 1024, Sizes.parse("64K"));
        assertEquals(10L * 1024 * 1024, Sizes.parse("10m"));
        assertEquals(2L * 1024 * 1024 * 1024, Sizes.parse("2g"));
        assertEquals(1000, Sizes.parse("1000"));
        assertEquals(0, Sizes.parse("0"));
    }

    @Test
    void rejectsTextThatIsNotASize() {
        for (String text : new String[] {"ten megs", "10 MB", "1TB", "", "KB", "1.5MB", "10MBB"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text), text);
            assertEquals('"' + text + "\" is not a size; use e.g. 512B, 64KB, 10MB", e.getMessage());
        }
    }

    @Test
    void rejectsNegativeAndOversizedSizes() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("-1KB"));
        assertEquals("\"-1KB\" is not a size: it cannot be negative", negative.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class, () -> Sizes.parse("8589934592G"));
        assertEquals("\"8589934592G\" is too large a size", huge.getMessage());
    }

    @Test
    void formatsWithTheLargestExactUnit() {
        assertEquals("1MB", Sizes.format(1 << 20));
        assertEquals("1KB", Sizes.format(1024));
        assertEquals("3GB", Sizes.format(3L << 30));
        assertEquals("1536B", Sizes.format(1536));
        assertEquals("256B", Sizes.format(256));
        assertEquals("0B", Sizes.format(0));
    }
}
