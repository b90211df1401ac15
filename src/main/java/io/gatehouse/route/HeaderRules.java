package io.gatehouse.route;

import io.gatehouse.config.HeaderRulesConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;

/** A route's header rewrites, compiled once: remove, then set, then add. */
public final class HeaderRules {

    private static final HeaderRules NONE = new HeaderRules(HeaderRulesConfig.NONE);

    private final AsciiString[] remove;
    private final AsciiString[] setNames;
    private final String[] setValues;
    private final AsciiString[] addNames;
    private final String[] addValues;

    private HeaderRules(HeaderRulesConfig config) {
        this.remove = config.remove().stream().map(AsciiString::cached).toArray(AsciiString[]::new);
        this.setNames = names(config.set());
        this.setValues = config.set().values().toArray(new String[0]);
        this.addNames = names(config.add());
        this.addValues = config.add().values().toArray(new String[0]);
    }

    private static AsciiString[] names(Map<String, String> map) {
        return map.keySet().stream().map(AsciiString::cached).toArray(AsciiString[]::new);
    }

    public static HeaderRules compile(HeaderRulesConfig config) {
        return config == null || config.isEmpty() ? NONE : new HeaderRules(config);
    }

    public void apply(HttpHeaders headers) {
        for (AsciiString name : remove) {
            headers.remove(name);
        }
        for (int i = 0; i < setNames.length; i++) {
            headers.set(setNames[i], setValues[i]);
        }
        for (int i = 0; i < addNames.length; i++) {
            headers.add(addNames[i], addValues[i]);
        }
    }
}
