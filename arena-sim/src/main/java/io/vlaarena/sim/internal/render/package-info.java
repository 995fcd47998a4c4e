/**
 * A headless, pure-Java software renderer for MuJoCo-style scenes: {@link
 * io.vlaarena.sim.internal.render.Renderer} draws an {@link io.vlaarena.sim.internal.model.MjModel}
 * at the world poses of a {@link io.vlaarena.sim.internal.render.RenderFrame} into an
 * {@link io.vlaarena.core.RgbImage} (the core's {@link io.vlaarena.core.Png} saves images without AWT).
 * No native code and no third-party library.
 */
package io.vlaarena.sim.internal.render;
