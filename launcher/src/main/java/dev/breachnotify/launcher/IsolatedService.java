package dev.breachnotify.launcher;

import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One service running in this JVM in a class loader of its own, whose parent is the platform class loader:
 * it sees only its own class path, as it would in a process of its own, so the services' beans, configuration
 * and libraries never mix. It is started through its {@code static AutoCloseable start(Map)} method.
 */
final class IsolatedService implements AutoCloseable {

    private final ServiceDescriptor descriptor;
    private final URLClassLoader loader;
    private final AutoCloseable context;

    private IsolatedService(ServiceDescriptor descriptor, URLClassLoader loader, AutoCloseable context) {
        this.descriptor = descriptor;
        this.loader = loader;
        this.context = context;
    }

    static IsolatedService start(ServiceDescriptor descriptor, Map<String, Object> properties) throws Exception {
        URLClassLoader loader =
                new URLClassLoader(descriptor.name(), descriptor.classpath(), ClassLoader.getPlatformClassLoader());
        try {
            AutoCloseable context = inLoader(loader, () -> {
                try {
                    return (AutoCloseable) loader.loadClass(descriptor.mainClass())
                            .getMethod("start", Map.class)
                            .invoke(null, properties);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            });
            return new IsolatedService(descriptor, loader, context);
        } catch (Exception e) {
            loader.close();
            throw e;
        }
    }

    String name() {
        return descriptor.name();
    }

    /**
     * Closes the service's context. The class loader is left open for the garbage collector: Netty's and Kafka's
     * threads finish asynchronously after the context has closed and may still load classes.
     */
    @Override
    public void close() throws Exception {
        inLoader(loader, () -> {
            context.close();
            return null;
        });
    }

    /** Runs with the service's class loader as the context class loader, which threads it starts inherit. */
    private static <T> T inLoader(ClassLoader loader, Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
