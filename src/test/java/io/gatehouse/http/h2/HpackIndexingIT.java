package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.http.h2.RawH2.Field;
import io.gatehouse.testing.BackendBehindProxy;
import io.gatehouse.testing.TestBackend;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Which response headers HPACK keeps in the connection's table: values new in every response, and
 * cookies, are sent as never-indexed literals, so the table keeps the fields that repeat.
 */
class HpackIndexingIT extends BackendBehindProxy {

    HpackIndexingIT() {
        super("backend", "");
    }

    @Test
    void requestIdsAreNeverIndexedSoRepeatedFieldsStayInTheTable() throws Exception {
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            CharSequence previousDate = null;
            // Enough responses to fill the 4 KiB table many times over if each id were added to it.
            for (int stream = 1; stream <= 199; stream += 2) {
                h2.headers(stream, RawH2.get("/r"), true).flush();
                RawH2.Frame head = h2.await(RawH2.HEADERS, stream);
                List<Field> fields = RawH2.fields(head.payload());

                assertEquals(1, Collections.frequency(fields, Field.NEVER_INDEXED), "stream " + stream + ": " + fields);
                CharSequence date = head.headers().get("date");
                // After the first response only a new Date value is worth a table entry.
                int expectedAdded = stream == 1 ? fields.size() - 2 : Objects.equals(date, previousDate) ? 0 : 1;
                assertTrue(Collections.frequency(fields, Field.INCREMENTAL_INDEXING) <= expectedAdded,
                        "stream " + stream + ": " + fields);
                previousDate = date;
            }
        }
    }

    @Test
    void cookiesSetByTheBackendAreNeverIndexed() throws Exception {
        backend.answer(ex -> {
            ex.getResponseHeaders().add("Set-Cookie", "session=s3cr3t; HttpOnly");
            TestBackend.reply(ex, 200, "ok");
        });
        try (RawH2 h2 = RawH2.connect(proxy.port())) {
            for (int stream = 1; stream <= 3; stream += 2) {
                h2.headers(stream, RawH2.get("/c"), true).flush();
                RawH2.Frame head = h2.await(RawH2.HEADERS, stream);

                assertEquals("session=s3cr3t; HttpOnly", head.headers().get("set-cookie").toString());
                assertEquals(2, Collections.frequency(RawH2.fields(head.payload()), Field.NEVER_INDEXED));
            }
        }
    }
}
