package io.vlaarena.core.replay;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scene looks like, for a viewer that draws it itself: every visible geom with its shape,
 * size, colour and pose, the meshes, the lights, the sky and the default viewpoint. Geoms on
 * moving bodies are posed relative to their body, whose world pose per state comes from a
 * {@link PoseTrack}; the other geoms are posed in the world frame. Colours are display (sRGB)
 * values 0–1, lengths metres, angles degrees, quaternions {@code w x y z}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param movingBodies the names of the bodies whose pose changes with {@code qpos} (unnamed ones
 *     as {@code ""}), in the order of a {@link PoseTrack}'s bodies
 * @param geoms the visible geoms, in model order
 * @param meshes the meshes that mesh geoms refer to by index
 * @param lights the scene's lights (a viewer adds its own headlight)
 * @param sky the background
 * @param view the default viewpoint, the one rendered frames are drawn from
 */
public record SceneGeometry(List<String> movingBodies, List<Geom> geoms, List<Mesh> meshes, List<Light> lights, Sky sky,
        View view) {
    /** Copies the lists. */
    public SceneGeometry {
        movingBodies = List.copyOf(movingBodies);
        geoms = List.copyOf(geoms);
        meshes = List.copyOf(meshes);
        lights = List.copyOf(lights);
        Objects.requireNonNull(sky, "sky");
        Objects.requireNonNull(view, "view");
        for (Geom g : geoms) {
            if (g.body() >= movingBodies.size()) {
                throw new IllegalArgumentException("Geom '" + g.name() + "' is on moving body " + g.body() + " of "
                        + movingBodies.size());
            }
            if (g.mesh() >= meshes.size()) {
                throw new IllegalArgumentException("Geom '" + g.name() + "' uses mesh " + g.mesh() + " of " + meshes.size());
            }
        }
    }

    /** A geom's shape, as MuJoCo names it. */
    public enum Shape {
        /** An infinite plane (size 0) or a rectangle of half-sizes {@code size[0..1]}; seen from +z. */
        PLANE,
        /** Radius {@code size[0]}. */
        SPHERE,
        /** Radius {@code size[0]}, half-length {@code size[1]} along z. */
        CAPSULE,
        /** Semi-axes {@code size[0..2]}. */
        ELLIPSOID,
        /** Radius {@code size[0]}, half-length {@code size[1]} along z. */
        CYLINDER,
        /** Half-sizes {@code size[0..2]}. */
        BOX,
        /** Triangles of {@link Geom#mesh()}, in the geom frame. */
        MESH;

        /** The MJCF name, e.g. {@code "box"}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One visible geom.
     *
     * @param name the geom's name, or {@code ""}
     * @param shape its shape
     * @param body the index in {@link SceneGeometry#movingBodies()} it moves with, or -1 when it
     *     never moves (then {@code pos}/{@code quat} are in the world frame)
     * @param size MuJoCo's three size numbers
     * @param pos position in the body (or world) frame
     * @param quat orientation in the body (or world) frame, {@code w x y z}
     * @param rgba colour and opacity
     * @param specular specular strength 0–1
     * @param shininess shininess 0–1
     * @param mesh the index in {@link SceneGeometry#meshes()} for {@link Shape#MESH}, else -1
     * @param checker a checker texture (drawn on planes), when the geom has one
     */
    public record Geom(String name, Shape shape, int body, List<Double> size, List<Double> pos, List<Double> quat,
            List<Double> rgba, double specular, double shininess, int mesh, Optional<Checker> checker) {
        /** Validates and copies. */
        public Geom {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(shape, "shape");
            if (body < -1) {
                throw new IllegalArgumentException("body must be -1 or a moving body's index, was " + body);
            }
            size = vector("size", size, 3);
            pos = vector("pos", pos, 3);
            quat = vector("quat", quat, 4);
            rgba = vector("rgba", rgba, 4);
            if ((shape == Shape.MESH) != (mesh >= 0)) {
                throw new IllegalArgumentException("A mesh geom needs a mesh index and other geoms none; geom '" + name
                        + "' is a " + shape.wireName() + " with mesh " + mesh);
            }
            Objects.requireNonNull(checker, "checker");
        }
    }

    /**
     * A triangle mesh in its geom's frame.
     *
     * @param vertices {@code x y z} per vertex
     * @param faces three vertex indices per triangle, counter-clockwise seen from outside
     */
    public record Mesh(float[] vertices, int[] faces) {
        /** Validates and copies. */
        public Mesh {
            if (vertices.length % 3 != 0 || faces.length % 3 != 0) {
                throw new IllegalArgumentException("A mesh needs 3 floats per vertex and 3 indices per face, got "
                        + vertices.length + " and " + faces.length);
            }
            int n = vertices.length / 3;
            for (int f : faces) {
                if (f < 0 || f >= n) {
                    throw new IllegalArgumentException("Face index " + f + " is outside the mesh's " + n + " vertices");
                }
            }
            vertices = vertices.clone();
            faces = faces.clone();
        }

        /** A copy of the vertices. */
        @Override
        public float[] vertices() {
            return vertices.clone();
        }

        /** A copy of the faces. */
        @Override
        public int[] faces() {
            return faces.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mesh m && Arrays.equals(m.vertices, vertices) && Arrays.equals(m.faces, faces);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(vertices) + Arrays.hashCode(faces);
        }

        @Override
        public String toString() {
            return "Mesh[" + vertices.length / 3 + " vertices, " + faces.length / 3 + " faces]";
        }
    }

    /**
     * A checker texture as MuJoCo's builtin: tiles of 2 × 2 squares in two colours, optionally
     * with an edge line around every tile.
     *
     * @param rgb1 the first colour
     * @param rgb2 the second colour
     * @param mark the edge line colour, when the texture has one
     * @param markWidth the edge line's width as a fraction of a tile
     * @param tilesPerMetre tiles per metre along the geom's x and y
     */
    public record Checker(List<Double> rgb1, List<Double> rgb2, Optional<List<Double>> mark, double markWidth,
            List<Double> tilesPerMetre) {
        /** Validates and copies. */
        public Checker {
            rgb1 = vector("rgb1", rgb1, 3);
            rgb2 = vector("rgb2", rgb2, 3);
            mark = mark.map(m -> vector("mark", m, 3));
            tilesPerMetre = vector("tilesPerMetre", tilesPerMetre, 2);
        }
    }

    /**
     * A light, in the world frame as placed in the scene's initial state.
     *
     * @param directional whether it shines along {@code dir} from infinitely far (else a spot at {@code pos})
     * @param pos position
     * @param dir direction it shines
     * @param diffuse diffuse colour
     * @param specular specular colour
     * @param castShadow whether it casts shadows
     */
    public record Light(boolean directional, List<Double> pos, List<Double> dir, List<Double> diffuse,
            List<Double> specular, boolean castShadow) {
        /** Validates and copies. */
        public Light {
            pos = vector("pos", pos, 3);
            dir = vector("dir", dir, 3);
            diffuse = vector("diffuse", diffuse, 3);
            specular = vector("specular", specular, 3);
        }
    }

    /**
     * The background: a vertical gradient from {@code bottom} through {@code horizon} to {@code top}.
     *
     * @param top colour straight up
     * @param horizon colour at the horizon
     * @param bottom colour straight down
     */
    public record Sky(List<Double> top, List<Double> horizon, List<Double> bottom) {
        /** Validates and copies. */
        public Sky {
            top = vector("top", top, 3);
            horizon = vector("horizon", horizon, 3);
            bottom = vector("bottom", bottom, 3);
        }
    }

    /**
     * A free camera as MuJoCo's: it looks at {@code lookat} from {@code distance}, turned by
     * {@code azimuth} about world z and tilted by {@code elevation} (negative looks down); world +z
     * is up in the image.
     *
     * @param lookat the point looked at
     * @param distance metres from the camera to that point
     * @param azimuth degrees
     * @param elevation degrees
     * @param fovy vertical field of view, degrees
     */
    public record View(List<Double> lookat, double distance, double azimuth, double elevation, double fovy) {
        /** Validates and copies. */
        public View {
            lookat = vector("lookat", lookat, 3);
            if (!(distance > 0) || !(fovy > 0 && fovy < 180)) {
                throw new IllegalArgumentException("A view needs a positive distance and a fovy in (0, 180), got "
                        + distance + " and " + fovy);
            }
        }
    }

    static List<Double> vector(String what, List<Double> v, int n) {
        List<Double> copy = List.copyOf(v);
        if (copy.size() != n) {
            throw new IllegalArgumentException(what + " needs " + n + " numbers, got " + copy.size());
        }
        for (Double d : copy) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(what + " must be finite, got " + copy);
            }
        }
        return copy;
    }
}
