package io.gatehouse.bench;

import io.gatehouse.pipeline.phase.RequestIdPhase;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * A new request id: {@link RequestIdPhase#generate()} (128 random bits as 32 hex digits), next to
 * the JDK's {@code UUID.randomUUID()} as a point of reference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestIdBenchmark {

    @Benchmark
    public String generate() {
        return RequestIdPhase.generate();
    }

    @Benchmark
    public String jdkRandomUuid() {
        return UUID.randomUUID().toString();
    }
}
