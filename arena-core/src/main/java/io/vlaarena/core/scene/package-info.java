/**
 * Robots and scenes as MJCF fragments composed into one model
 * ({@link io.vlaarena.core.scene.SceneCatalog}), with the original's id aliases.
 */
package io.vlaarena.core.scene;
