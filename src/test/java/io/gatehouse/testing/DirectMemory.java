package io.gatehouse.testing;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** Direct memory in use in this JVM, for tests that check a body streams instead of piling up. */
public final class DirectMemory {

    private DirectMemory() {
    }

    /**
     * The JDK's count, or Netty's own when it is larger (Netty counts buffers it allocates without
     * cleaners, which the JDK does not see; with cleaners both count the same bytes).
     */
    public static long used() {
        long jdk = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jdk = pool.getMemoryUsed();
            }
        }
        return Math.max(jdk, PlatformDependent.usedDirectMemory());
    }
}
