package org.devzone.bulletin.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real dispatcher for all tests of a class: {@code @RegisterExtension static DispatcherExtension app = new
 * DispatcherExtension();} boots it before the first test and stops it after the last.
 */
public final class DispatcherExtension implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> overrides;
    private RunningDispatcher dispatcher;

    public DispatcherExtension() {
        this(Map.of());
    }

    public DispatcherExtension(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        dispatcher = RunningDispatcher.start(overrides);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        dispatcher.close();
    }

    public RunningDispatcher dispatcher() {
        return dispatcher;
    }

    public Http http() {
        return dispatcher.http();
    }
}
