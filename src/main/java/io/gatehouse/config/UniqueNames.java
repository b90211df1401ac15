package io.gatehouse.config;

import java.util.HashMap;
import java.util.Map;

/** The names given so far to the items of one list (listeners, routes); a name may be used once. */
final class UniqueNames {

    private final Map<String, String> pathByName = new HashMap<>();

    /** Reads the item's {@code name}, or takes {@code fallback}, and reports a name already used. */
    String read(MapReader item, String fallback) {
        String name = item.text("name", fallback);
        String earlier = pathByName.putIfAbsent(name, item.path());
        if (earlier != null) {
            item.report("name", '"' + name + "\" is already the name of " + earlier);
        }
        return name;
    }
}
