package io.gatehouse.upstream.balance;

/** A 64-bit hash of text: FNV-1a over the UTF-16 chars, then the MurmurHash3 finalizer to spread the bits. */
final class Hashing {

    private Hashing() {}

    static long hash(CharSequence text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
