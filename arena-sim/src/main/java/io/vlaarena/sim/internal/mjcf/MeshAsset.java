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
    /** The convex hull's triangles, outward, counter-clockwise seen from outside. */
    final int[] hull;
    /** The principal frame in the mesh's own coordinates: centre of mass and orientation (w x y z). */
    final double[] pos;
    final double[] quat;
    /** Principal moments of inertia per unit mass, in decreasing order. */
    final double[] inertiaPerMass;
    /** Volume of the box with the mesh's inertia, which MuJoCo 2.2.2 takes as the mesh volume. */
    final double boxVolume;
    /** Largest |coordinate| of the vertices along each principal axis (MuJoCo's geom size for a mesh). */
    final double[] size;

    private MeshAsset(String name, double[] vert, int[] face, int[] hull, double[] pos, double[] quat,
            double[] inertiaPerMass, double boxVolume, double[] size) {
        this.name = name;
        this.vert = vert;
        this.face = face;
        this.hull = hull;
        this.pos = pos;
        this.quat = quat;
        this.inertiaPerMass = inertiaPerMass;
        this.boxVolume = boxVolume;
        this.size = size;
    }

    /**
     * Reads and processes one {@code <mesh>}. Every problem is a {@link SceneException} naming the
     * attribute and line: counts that are not whole vertices or triangles, too many of them, face
     * indices out of range, non-finite numbers, and meshes that enclose no volume.
     */
    static MeshAsset compile(Attrs a, String name) {
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
        return build(a, name, v, a.has("face") ? faces(a, nvert) : null, scale, "vertex", "face");
    }

    /**
     * Processes a mesh read from a file ({@link MeshFiles}); the element's {@code scale} applies.
     * Problems are {@link SceneException}s naming the {@code file} attribute and the line.
     */
    static MeshAsset fromFile(Attrs a, String name, String file, MeshFiles.Data data) {
        if (a.has("vertex") || a.has("face")) {
            throw a.error(a.has("vertex") ? "vertex" : "face", "is given together with 'file'; a mesh takes its data from one of them.");
        }
        double[] scale = a.vector("scale", 3, new double[] {1, 1, 1});
        int nvert = data.vert().length / 3;
        if (nvert < 4) {
            throw a.error("file", "names '" + file + "', which has " + nvert + " distinct vertices; a mesh needs at least 4.");
        }
        return build(a, name, data.vert().clone(), data.face(), scale, "file", "file");
    }

    private static MeshAsset build(Attrs a, String name, double[] v, int[] givenFace, double[] scale, String vattr, String fattr) {
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
        return process(a, name, v, face, hull, givenFace != null ? fattr : vattr);
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
     * MuJoCo's legacy mesh inertia (exact for convex meshes): tetrahedra from the area-weighted
     * centre of the surface to each triangle, volumes taken unsigned.
     */
    private static MeshAsset process(Attrs a, String name, double[] v, int[] face, int[] hull, String attr) {
        int nface = face.length / 3;
        double[] centre = new double[3];
        double area = 0;
        for (int f = 0; f < nface; f++) {
            int i0 = 3 * face[3 * f], i1 = 3 * face[3 * f + 1], i2 = 3 * face[3 * f + 2];
            double[] n = cross(v, i0, i1, i2);
            double ar = Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]) / 2;
            area += ar;
            for (int k = 0; k < 3; k++) {
                centre[k] += ar * (v[i0 + k] + v[i1 + k] + v[i2 + k]) / 3;
            }
        }
        if (!(area > 0)) {
            throw a.error(attr, "describes a mesh without area; MuJoCo needs a solid mesh to compute its inertia.");
        }
        for (int k = 0; k < 3; k++) {
            centre[k] /= area;
        }
        double volume = 0;
        double[] com = new double[3];
        double[] tetVol = new double[nface];
        for (int f = 0; f < nface; f++) {
            int i0 = 3 * face[3 * f], i1 = 3 * face[3 * f + 1], i2 = 3 * face[3 * f + 2];
            double vol = Math.abs(det(v, i0, i1, i2, centre)) / 6;
            tetVol[f] = vol;
            volume += vol;
            for (int k = 0; k < 3; k++) {
                com[k] += vol * (centre[k] + v[i0 + k] + v[i1 + k] + v[i2 + k]) / 4;
            }
        }
        double extent = 0;
        for (int k = 0; k < 3; k++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < v.length / 3; i++) {
                lo = Math.min(lo, v[3 * i + k]);
                hi = Math.max(hi, v[3 * i + k]);
            }
            extent = Math.max(extent, hi - lo);
        }
        if (!(volume > 1e-9 * extent * extent * extent) || !(volume > 1e-30)) {
            throw a.error(attr, "describes a mesh of zero volume; MuJoCo needs a solid mesh to compute its inertia.");
        }
        for (int k = 0; k < 3; k++) {
            com[k] /= volume;
        }
        // Inertia tensor about the centre of mass (unit density): each tetrahedron's covariance
        // vol/20 (sum d d^T + (sum d)(sum d)^T) over its four corners d relative to the centre of mass.
        double[] cov = new double[9];
        double[][] d = new double[4][3];
        for (int f = 0; f < nface; f++) {
            for (int c = 0; c < 3; c++) {
                int vi = 3 * face[3 * f + c];
                for (int k = 0; k < 3; k++) {
                    d[c][k] = v[vi + k] - com[k];
                }
            }
            for (int k = 0; k < 3; k++) {
                d[3][k] = centre[k] - com[k];
            }
            double w = tetVol[f] / 20;
            for (int r = 0; r < 3; r++) {
                for (int s = 0; s < 3; s++) {
                    double sum = 0;
                    double sr = 0;
                    double ss = 0;
                    for (int c = 0; c < 4; c++) {
                        sum += d[c][r] * d[c][s];
                        sr += d[c][r];
                        ss += d[c][s];
                    }
                    cov[3 * r + s] += w * (sum + sr * ss);
                }
            }
        }
        double trace = cov[0] + cov[4] + cov[8];
        double[] inertia = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int s = 0; s < 3; s++) {
                inertia[3 * r + s] = (r == s ? trace : 0) - cov[3 * r + s];
            }
        }
        double[] eig = Spatial.eig3(inertia);
        double[] quat = {eig[0], eig[1], eig[2], eig[3]};
        double[] perMass = {eig[4] / volume, eig[5] / volume, eig[6] / volume};
        double[] half = new double[3];
        for (int k = 0; k < 3; k++) {
            double sq = 1.5 * (perMass[(k + 1) % 3] + perMass[(k + 2) % 3] - perMass[k]);
            if (!(sq > 0)) {
                throw a.error(attr, "describes a mesh too thin to have an inertia box; MuJoCo needs a solid mesh.");
            }
            half[k] = Math.sqrt(sq);
        }
        double boxVolume = 8 * half[0] * half[1] * half[2];
        // Vertices into the principal frame: R^T (v - com).
        double[] r = Spatial.quat2Mat(quat);
        int nvert = v.length / 3;
        double[] out = new double[v.length];
        double[] size = new double[3];
        for (int i = 0; i < nvert; i++) {
            double x = v[3 * i] - com[0], y = v[3 * i + 1] - com[1], z = v[3 * i + 2] - com[2];
            for (int k = 0; k < 3; k++) {
                double c = r[k] * x + r[3 + k] * y + r[6 + k] * z;
                out[3 * i + k] = c;
                size[k] = Math.max(size[k], Math.abs(c));
            }
        }
        return new MeshAsset(name, out, face, hull, com, quat, perMass, boxVolume, size);
    }

    private static double[] cross(double[] v, int i0, int i1, int i2) {
        double ux = v[i1] - v[i0], uy = v[i1 + 1] - v[i0 + 1], uz = v[i1 + 2] - v[i0 + 2];
        double wx = v[i2] - v[i0], wy = v[i2 + 1] - v[i0 + 1], wz = v[i2 + 2] - v[i0 + 2];
        return new double[] {uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx};
    }

    private static double det(double[] v, int i0, int i1, int i2, double[] c) {
        double ax = v[i0] - c[0], ay = v[i0 + 1] - c[1], az = v[i0 + 2] - c[2];
        double bx = v[i1] - c[0], by = v[i1 + 1] - c[1], bz = v[i1 + 2] - c[2];
        double cx = v[i2] - c[0], cy = v[i2 + 1] - c[1], cz = v[i2 + 2] - c[2];
        return ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx);
    }
}
