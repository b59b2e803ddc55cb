package dev.breachnotify.audit.report;

import java.util.Optional;

/**
 * Where the evidence report gets the signed checkpoint that anchors it. The checkpoint code provides the bean;
 * without one the report says that no signed checkpoint exists yet.
 */
public interface AnchorSource {

    /** The latest signed checkpoint, or empty if none was signed yet. */
    Optional<Anchor> latest();
}
