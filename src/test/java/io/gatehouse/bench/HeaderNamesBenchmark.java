package io.gatehouse.bench;

import io.gatehouse.http.KnownHeaderNames;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The header names of a typical upstream response head (nginx's five) going into a new header map
 * as the decoders put them there: a shared constant from {@link KnownHeaderNames} where there is
 * one, against a new name per field as Netty's decoder makes it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderNamesBenchmark {

    private static final String[] NAMES = {"Server", "Date", "Content-Type", "Content-Length", "Connection"};

    /** The names as they sit in a decoder's line buffer, each with its start. */
    private final byte[] line = String.join("", NAMES).getBytes(StandardCharsets.US_ASCII);
    private final int[] starts = new int[NAMES.length];

    public HeaderNamesBenchmark() {
        for (int i = 1; i < NAMES.length; i++) {
            starts[i] = starts[i - 1] + NAMES[i - 1].length();
        }
    }

    @Benchmark
    public HttpHeaders knownNames() {
        HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
        for (int i = 0; i < NAMES.length; i++) {
            int length = NAMES[i].length();
            AsciiString name = KnownHeaderNames.find(line, starts[i], length);
            headers.add(name != null ? name : new AsciiString(line, starts[i], length, true), "v");
        }
        return headers;
    }

    @Benchmark
    public HttpHeaders newNamePerField() {
        HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
        for (int i = 0; i < NAMES.length; i++) {
            headers.add(new AsciiString(line, starts[i], NAMES[i].length(), true), "v");
        }
        return headers;
    }
}
