package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.sim.internal.util.Spatial;
import io.vlaarena.core.SceneException;

/**
 * An inline {@code <mesh>} asset processed the way MuJoCo 2.2.2's compiler processes meshes: volume,
 * centre of mass and principal inertia from the faces (or from the convex hull when no faces are
 * given), vertices moved into that principal frame, and the mesh's "equivalent inertia box", whose
 * volume MuJoCo 2.2.2 uses as the mesh's volume for density-based masses. Immutable after
 * {@link #compile}.
 */
final class MeshAsset {
    /** Most vertices accepted in one mesh. */
    static final int MAX_VERTICES = 200_000;
    /** Most triangles accepted in one mesh. */
    static final int MAX_FACES = 400_000;

    final String name;
    /** Vertices in the mesh's principal frame, x y z each. */
    final double[] vert;
    /** Triangles (vertex indices) as given, or the convex hull's when no faces were given. */
    final int[] face;
    /** Texture coordinates of the vertices (2 each) from an OBJ file, or null. */
    float[] texcoord;
    /** The convex hull's triangles, outward, counter-clockwise seen from outside. */
    final int[] hull;
    /** The principal frame in the mesh's own coordinates: centre of mass and orientation (w x y z). */
    final double[] pos;
    final double[] quat;
    /** Half sizes of the box with the mesh's inertia (MuJoCo's equivalent inertia box). */
    private final double[] box;
    /** Largest |coordinate| of the vertices along each principal axis (MuJoCo's geom size for a mesh). */
    final double[] size;

    private MeshAsset(String name, double[] vert, int[] face, int[] hull, double[] pos, double[] quat,
            double[] box, double[] size) {
        this.name = name;
        this.vert = vert;
        this.face = face;
        this.hull = hull;
        this.pos = pos;
        this.quat = quat;
        this.box = box;
        this.size = size;
    }

    /**
     * Reads and processes one {@code <mesh>}. Every problem is a {@link SceneException} naming the
     * attribute and line: counts that are not whole vertices or triangles, too many of them, face
     * indices out of range, non-finite numbers, and meshes that enclose no volume. {@code density} is
     * the geom density of the mesh's default class, which MuJoCo folds into the inertia sums.
     */
    static MeshAsset compile(Attrs a, String name, double density) {
        if (!a.has("vertex")) {
            throw a.error("vertex", "is missing; an inline mesh needs its vertex data.");
        }
        double[] scale = a.vector("scale", 3, new double[] {1, 1, 1});
        double[] v = a.list("vertex");
        if (v.length % 3 != 0) {
            throw a.error("vertex", "has " + v.length + " numbers, which is not a multiple of 3 (x y z per vertex).");
        }
        int nvert = v.length / 3;
        if (nvert > MAX_VERTICES) {
            throw a.error("vertex", "has " + nvert + " vertices; at most " + MAX_VERTICES + " are accepted per mesh.");
        }
        if (nvert < 4) {
            throw a.error("vertex", "has " + nvert + " vertices; a mesh needs at least 4.");
        }
        return build(a, name, v, a.has("face") ? faces(a, nvert) : null, scale, "vertex", "face", density);
    }

    /**
     * Processes a mesh read from a file ({@link MeshFiles}); the element's {@code scale} applies.
     * Problems are {@link SceneException}s naming the {@code file} attribute and the line.
     */
    static MeshAsset fromFile(Attrs a, String name, String file, MeshFiles.Data data, double density) {
        if (a.has("vertex") || a.has("face")) {
            throw a.error(a.has("vertex") ? "vertex" : "face", "is given together with 'file'; a mesh takes its data from one of them.");
        }
        double[] scale = a.vector("scale", 3, new double[] {1, 1, 1});
        int nvert = data.vert().length / 3;
        if (nvert < 4) {
            throw a.error("file", "names '" + file + "', which has " + nvert + " distinct vertices; a mesh needs at least 4.");
        }
        MeshAsset mesh = build(a, name, data.vert().clone(), data.face(), scale, "file", "file", density);
        if (data.texcoord() != null && data.texcoord().length / 2 == mesh.vert.length / 3) {
            mesh.texcoord = data.texcoord();
        }
        return mesh;
    }

    private static MeshAsset build(Attrs a, String name, double[] v, int[] givenFace, double[] scale, String vattr, String fattr,
            double density) {
        int nvert = v.length / 3;
        for (int i = 0; i < nvert; i++) {
            for (int k = 0; k < 3; k++) {
                v[3 * i + k] = (float) ((float) v[3 * i + k] * scale[k]);
            }
        }
        int[] hull;
        try {
            hull = ConvexHull.triangles(v);
        } catch (ConvexHull.DegenerateException e) {
            throw a.error(vattr, "describes a mesh that encloses no volume (" + e.getMessage()
                    + "); MuJoCo needs a solid mesh to compute its inertia.");
        }
        int[] face = givenFace != null ? givenFace : hull;
        return process(a, name, v, face, hull, givenFace != null ? fattr : vattr, density);
    }

    private static int[] faces(Attrs a, int nvert) {
        double[] f = a.list("face");
        if (f.length % 3 != 0 || f.length == 0) {
            throw a.error("face", "has " + f.length + " numbers; it needs 3 vertex indices per triangle.");
        }
        if (f.length / 3 > MAX_FACES) {
            throw a.error("face", "has " + f.length / 3 + " triangles; at most " + MAX_FACES + " are accepted per mesh.");
        }
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            double x = f[i];
            if (x != Math.rint(x) || x < 0 || x >= nvert) {
                throw a.error("face", "has the vertex index '" + (x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x))
                        + "' at position " + i + "; indices must be whole numbers from 0 to " + (nvert - 1) + ".");
            }
            out[i] = (int) x;
        }
        return out;
    }

    /**
     * MuJoCo 2.2.2's {@code mjCMesh::Process} (its legacy inertia, the default): the vertices are
     * single-precision floats throughout, as in MuJoCo, and every sum runs in MuJoCo's order and
     * precision, so that the compiled frames, sizes and inertias come out as MuJoCo's. Volume and
     * centre of mass from pyramids on the area-weighted centre of the faces (volumes unsigned);
     * vertices moved to the centre of mass; inertia from the faces about it; vertices rotated into
     * the principal frame; the equivalent inertia box.
     */
    private static MeshAsset process(Attrs a, String name, double[] vd, int[] face, int[] hull, String attr, double density) {
        int nface = face.length / 3;
        int nvert = vd.length / 3;
        float[] v = new float[vd.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) vd[i];
        }
        double[] nrm = new double[3];
        double[] cen = new double[3];
        double[] facecen = new double[3];
        double area = 0;
        for (int f = 0; f < nface; f++) {
            double ar = areaNormalCentre(nrm, cen, v, 3 * face[3 * f], 3 * face[3 * f + 1], 3 * face[3 * f + 2]);
            for (int k = 0; k < 3; k++) {
                facecen[k] += ar * cen[k];
            }
            area += ar;
        }
        if (!(area >= MINVAL)) {
            throw a.error(attr, "describes a mesh without area; MuJoCo needs a solid mesh to compute its inertia.");
        }
        for (int k = 0; k < 3; k++) {
            facecen[k] /= area;
        }
        double volume = 0;
        double[] com = new double[3];
        for (int f = 0; f < nface; f++) {
            double ar = areaNormalCentre(nrm, cen, v, 3 * face[3 * f], 3 * face[3 * f + 1], 3 * face[3 * f + 2]);
            double vol = Math.abs(((cen[0] - facecen[0]) * nrm[0] + (cen[1] - facecen[1]) * nrm[1] + (cen[2] - facecen[2]) * nrm[2]) * ar / 3);
            volume += vol;
            for (int k = 0; k < 3; k++) {
                com[k] += vol * (cen[k] * 3.0 / 4.0 + facecen[k] / 4.0);
            }
        }
        double extent = 0;
        for (int k = 0; k < 3; k++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < nvert; i++) {
                lo = Math.min(lo, v[3 * i + k]);
                hi = Math.max(hi, v[3 * i + k]);
            }
            extent = Math.max(extent, hi - lo);
        }
        if (!(volume >= MINVAL) || !(volume > 1e-9 * extent * extent * extent)) {
            throw a.error(attr, "describes a mesh of zero volume; MuJoCo needs a solid mesh to compute its inertia.");
        }
        for (int k = 0; k < 3; k++) {
            com[k] /= volume;
        }
        for (int i = 0; i < nvert; i++) {
            for (int k = 0; k < 3; k++) {
                v[3 * i + k] = (float) (v[3 * i + k] - com[k]);
            }
        }
        // products of inertia about the centre of mass; MuJoCo forms the vertex products in float
        final int[][] pairs = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
        double[] p = new double[6];
        volume = 0;
        for (int f = 0; f < nface; f++) {
            int d = 3 * face[3 * f], e = 3 * face[3 * f + 1], g = 3 * face[3 * f + 2];
            double ar = areaNormalCentre(nrm, cen, v, d, e, g);
            double vol = Math.abs((cen[0] * nrm[0] + cen[1] * nrm[1] + cen[2] * nrm[2]) * ar / 3);
            volume += vol;
            for (int j = 0; j < 6; j++) {
                int r = pairs[j][0], c = pairs[j][1];
                float prod = 2 * (v[d + r] * v[d + c] + v[e + r] * v[e + c] + v[g + r] * v[g + c])
                        + v[d + r] * v[e + c] + v[d + c] * v[e + r] + v[d + r] * v[g + c] + v[d + c] * v[g + r]
                        + v[e + r] * v[g + c] + v[e + c] * v[g + r];
                p[j] += density * vol / 20 * prod;
            }
        }
        double[] full = {p[1] + p[2], -p[3], -p[4], -p[3], p[0] + p[2], -p[5], -p[4], -p[5], p[0] + p[1]};
        double[] eig = Spatial.eig3(full);
        double[] quat = {eig[0], eig[1], eig[2], eig[3]};
        double e0 = eig[4], e1 = eig[5], e2 = eig[6];
        if (!(e2 > 0) || e0 + e1 < e2 || e0 + e2 < e1 || e1 + e2 < e0) {
            throw a.error(attr, "describes a mesh too thin to have an inertia box; MuJoCo needs a solid mesh.");
        }
        double mass = volume * density;
        double[] box = {Math.sqrt(6 * (e1 + e2 - e0) / mass) / 2, Math.sqrt(6 * (e0 + e2 - e1) / mass) / 2,
            Math.sqrt(6 * (e0 + e1 - e2) / mass) / 2};
        // vertices into the principal frame, by the inverse rotation (MuJoCo's mjuu_quat2mat of the conjugate)
        double[] r = userQuat2Mat(new double[] {quat[0], -quat[1], -quat[2], -quat[3]});
        double[] out = new double[vd.length];
        double[] size = new double[3];
        for (int i = 0; i < nvert; i++) {
            double x = v[3 * i], y = v[3 * i + 1], z = v[3 * i + 2];
            for (int k = 0; k < 3; k++) {
                float c = (float) (r[3 * k] * x + r[3 * k + 1] * y + r[3 * k + 2] * z);
                out[3 * i + k] = c;
                size[k] = Math.max(size[k], Math.abs(c));
            }
        }
        return new MeshAsset(name, out, face, hull, com, quat, box, size);
    }

    /** mjMINVAL. */
    private static final double MINVAL = 1e-15;

    /**
     * Area of a triangle, its unit normal and centre ({@code _areaNrmCen}): the centre and the edge
     * vectors are formed in float, as MuJoCo forms them from its float vertices.
     */
    private static double areaNormalCentre(double[] normal, double[] centre, float[] v, int i0, int i1, int i2) {
        for (int k = 0; k < 3; k++) {
            centre[k] = (v[i0 + k] + v[i1 + k] + v[i2 + k]) / 3f;
        }
        double bx = v[i1] - v[i0], by = v[i1 + 1] - v[i0 + 1], bz = v[i1 + 2] - v[i0 + 2];
        double cx = v[i2] - v[i0], cy = v[i2 + 1] - v[i0 + 1], cz = v[i2 + 2] - v[i0 + 2];
        normal[0] = by * cz - bz * cy;
        normal[1] = bz * cx - bx * cz;
        normal[2] = bx * cy - by * cx;
        double len = Math.sqrt(normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
        if (len < MINVAL) {
            return 0;
        }
        normal[0] /= len;
        normal[1] /= len;
        normal[2] /= len;
        return len / 2;
    }

    /** The compiler's quaternion to matrix ({@code mjuu_quat2mat}), which differs from the engine's in rounding. */
    static double[] userQuat2Mat(double[] q) {
        double q00 = q[0] * q[0], q11 = q[1] * q[1], q22 = q[2] * q[2], q33 = q[3] * q[3];
        return new double[] {q00 + q11 - q22 - q33, 2 * (q[1] * q[2] - q[0] * q[3]), 2 * (q[1] * q[3] + q[0] * q[2]),
            2 * (q[1] * q[2] + q[0] * q[3]), q00 - q11 + q22 - q33, 2 * (q[2] * q[3] - q[0] * q[1]),
            2 * (q[1] * q[3] - q[0] * q[2]), 2 * (q[2] * q[3] + q[0] * q[1]), q00 - q11 - q22 + q33};
    }

    /**
     * The mesh geom's frame in its body: the geom's own {@code pos}/{@code quat} followed by the
     * mesh's principal frame ({@code mjuu_frameaccum}). Returns {@code {px, py, pz, qw, qx, qy, qz}}.
     */
    double[] geomFrame(double[] pos, double[] givenQuat) {
        double[] quat = givenQuat.clone();
        userNormalize(quat);
        double[] r = userQuat2Mat(quat);
        double[] out = new double[7];
        for (int k = 0; k < 3; k++) {
            out[k] = pos[k] + (r[3 * k] * this.pos[0] + r[3 * k + 1] * this.pos[1] + r[3 * k + 2] * this.pos[2]);
        }
        double[] a = quat, b = this.quat;
        double w = a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3];
        double x = a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2];
        double y = a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1];
        double z = a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0];
        double[] q = {w, x, y, z};
        userNormalize(q);
        System.arraycopy(q, 0, out, 3, 4);
        return out;
    }

    /** The compiler's normalization ({@code mjuu_normvec}): always divides, unless the norm is below 1e-14. */
    private static void userNormalize(double[] q) {
        double n = 0;
        for (double c : q) {
            n += c * c;
        }
        if (n < 1e-14) {
            return;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < q.length; i++) {
            q[i] /= n;
        }
    }

    /** MuJoCo 2.2.2's mesh volume for density-based masses: the equivalent inertia box's. */
    double volume() {
        return box[0] * box[1] * box[2] * 8;
    }

    /** A mesh geom's principal moments for its mass, from the equivalent inertia box. */
    double[] inertia(double mass) {
        return new double[] {mass * (box[1] * box[1] + box[2] * box[2]) / 3, mass * (box[0] * box[0] + box[2] * box[2]) / 3,
            mass * (box[0] * box[0] + box[1] * box[1]) / 3};
    }
}
