package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.core.SceneException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads mesh files into vertices and triangles the way MuJoCo 2.2.2 lays them out (checked with
 * {@code mjref layout}): binary STL with repeated vertices merged (exact equality, first appearance
 * order), ASCII STL read the same way (2.2.2 itself refuses ASCII STL), and Wavefront OBJ with one
 * vertex per face corner, polygons split into a fan, faces in one object or group only. Coordinates are kept in single precision, as
 * MuJoCo stores them. Every problem is a {@link SceneException} naming the mesh and the file.
 * Stateless; thread-safe.
 */
final class MeshFiles {
    /** Most triangles in an STL file, as MuJoCo 2.2.2 checks. */
    static final int MAX_STL_FACES = 200_000;
    /** Largest |coordinate| accepted, as MuJoCo 2.2.2 checks for STL (2^30). */
    static final double MAX_COORDINATE = 1 << 30;

    private MeshFiles() {
    }

    /**
     * Vertices (x y z each, float values), triangles (vertex indices) and, for an OBJ file whose
     * every face corner names a texture coordinate, each vertex's (u, 1 − v) as MuJoCo stores them
     * (else null).
     */
    record Data(double[] vert, int[] face, float[] texcoord) {
        Data(double[] vert, int[] face) {
            this(vert, face, null);
        }
    }

    /** The mesh format of a file name by its extension (case-insensitive), or a refusal. */
    static String format(String mesh, String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".stl")) {
            return "stl";
        }
        if (lower.endsWith(".obj")) {
            return "obj";
        }
        if (lower.endsWith(".msh")) {
            throw new SceneException("Mesh '" + mesh + "': the file '" + file + "' is in MuJoCo's .msh format, which is not "
                    + "supported; convert it to STL or OBJ.");
        }
        throw new SceneException("Mesh '" + mesh + "': the file '" + file + "' has an unknown mesh type; supported: "
                + ".stl (binary or ASCII), .obj.");
    }

    static Data read(String mesh, String file, byte[] bytes, int maxFaces) {
        return format(mesh, file).equals("stl") ? stl(mesh, file, bytes, maxFaces) : obj(mesh, file, bytes, maxFaces);
    }

    // ---------------------------------------------------------------- STL

    static Data stl(String mesh, String file, byte[] b, int maxFaces) {
        if (b.length >= 84) {
            long n = ByteBuffer.wrap(b, 80, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            if (b.length == 84 + 50 * n) {
                return binaryStl(mesh, file, b, (int) Math.min(n, Integer.MAX_VALUE), maxFaces);
            }
        }
        if (startsWithSolid(b)) {
            return asciiStl(mesh, file, b, maxFaces);
        }
        if (b.length < 84) {
            throw error(mesh, file, "is " + b.length + " bytes, shorter than a binary STL header (84 bytes), and not ASCII STL");
        }
        long n = ByteBuffer.wrap(b, 80, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        throw error(mesh, file, "is " + b.length + " bytes, but its header announces " + n + " triangles, which take "
                + (84 + 50 * n) + " bytes as binary STL (truncated or not an STL file)");
    }

    private static boolean startsWithSolid(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return b.length - i >= 5 && new String(b, i, 5, StandardCharsets.US_ASCII).equals("solid");
    }

    private static Data binaryStl(String mesh, String file, byte[] b, int n, int maxFaces) {
        int limit = Math.min(MAX_STL_FACES, maxFaces);
        if (n < 1 || n > limit) {
            throw error(mesh, file, "has " + n + " triangles; an STL mesh needs between 1 and " + limit);
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        float[] corners = new float[9 * n];
        for (int t = 0; t < n; t++) {
            int at = 84 + 50 * t + 12;
            for (int k = 0; k < 9; k++) {
                corners[9 * t + k] = buf.getFloat(at + 4 * k);
            }
        }
        return merged(mesh, file, corners);
    }

    private static Data asciiStl(String mesh, String file, byte[] b, int maxFaces) {
        int limit = Math.min(MAX_STL_FACES, maxFaces);
        String[] lines = new String(b, StandardCharsets.US_ASCII).split("\r\n|\n|\r");
        float[] corners = new float[0];
        int n = 0;
        int inLoop = -1;
        for (int ln = 0; ln < lines.length; ln++) {
            String[] tok = lines[ln].strip().split("\\s+");
            String head = tok[0].toLowerCase(Locale.ROOT);
            switch (head) {
                case "outer":
                    inLoop = 0;
                    break;
                case "vertex":
                    if (inLoop < 0 || inLoop >= 3) {
                        throw error(mesh, file, "line " + (ln + 1) + ": a 'vertex' outside a 3-vertex 'outer loop'");
                    }
                    if (tok.length != 4) {
                        throw error(mesh, file, "line " + (ln + 1) + ": 'vertex' needs 3 coordinates");
                    }
                    if (inLoop == 0) {
                        if (n == limit) {
                            throw error(mesh, file, "has more than " + limit + " triangles");
                        }
                        if (9 * (n + 1) > corners.length) {
                            corners = Arrays.copyOf(corners, Math.max(9 * 64, 2 * corners.length));
                        }
                        n++;
                    }
                    for (int k = 0; k < 3; k++) {
                        corners[9 * (n - 1) + 3 * inLoop + k] = (float) number(mesh, file, tok[k + 1], ln + 1);
                    }
                    inLoop++;
                    break;
                case "endloop":
                    if (inLoop != 3) {
                        throw error(mesh, file, "line " + (ln + 1) + ": a facet needs exactly 3 vertices");
                    }
                    inLoop = -1;
                    break;
                default:
                    // solid, facet normal, endfacet, endsolid and blank lines carry nothing MuJoCo keeps.
                    break;
            }
        }
        if (inLoop >= 0) {
            throw error(mesh, file, "ends inside a facet (truncated)");
        }
        if (n == 0) {
            throw error(mesh, file, "is ASCII STL without triangles");
        }
        return merged(mesh, file, Arrays.copyOf(corners, 9 * n));
    }

    /** Merges exactly equal corners, keeping first appearances in order, as MuJoCo 2.2.2 does for STL. */
    private static Data merged(String mesh, String file, float[] corners) {
        int nc = corners.length / 3;
        Map<Key, Integer> index = new HashMap<>();
        double[] vert = new double[corners.length];
        int[] face = new int[nc];
        int nv = 0;
        for (int c = 0; c < nc; c++) {
            float x = corners[3 * c], y = corners[3 * c + 1], z = corners[3 * c + 2];
            check(mesh, file, x, y, z, "triangle " + (c / 3));
            Key key = new Key(x == 0 ? 0f : x, y == 0 ? 0f : y, z == 0 ? 0f : z);
            Integer id = index.get(key);
            if (id == null) {
                id = nv++;
                index.put(key, id);
                vert[3 * id] = x;
                vert[3 * id + 1] = y;
                vert[3 * id + 2] = z;
            }
            face[c] = id;
        }
        return new Data(Arrays.copyOf(vert, 3 * nv), face);
    }

    private record Key(float x, float y, float z) {
    }

    // ---------------------------------------------------------------- OBJ

    static Data obj(String mesh, String file, byte[] b, int maxFaces) {
        String text = new String(b, StandardCharsets.UTF_8);
        double[] v = new double[3 * 64];
        int nv = 0;
        int[] corners = new int[3 * 64], cornerVt = new int[3 * 64];
        float[] vt = new float[2 * 64];
        int nvt = 0;
        boolean allVt = true;
        int nt = 0;
        int ln = 0;
        int start = 0;
        int boundary = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end).strip();
            start = end + 1;
            ln++;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            String[] tok = line.split("\\s+");
            if (tok[0].equals("v")) {
                if (tok.length < 4 || tok.length > 8) {
                    throw error(mesh, file, "line " + ln + ": 'v' needs 3 coordinates (optionally followed by w or a colour)");
                }
                if (3 * (nv + 1) > v.length) {
                    v = Arrays.copyOf(v, 2 * v.length);
                }
                float x = (float) number(mesh, file, tok[1], ln);
                float y = (float) number(mesh, file, tok[2], ln);
                float z = (float) number(mesh, file, tok[3], ln);
                check(mesh, file, x, y, z, "line " + ln);
                v[3 * nv] = x;
                v[3 * nv + 1] = y;
                v[3 * nv + 2] = z;
                nv++;
            } else if (tok[0].equals("vt") && tok.length >= 3) {
                if (2 * (nvt + 1) > vt.length) {
                    vt = Arrays.copyOf(vt, 2 * vt.length);
                }
                vt[2 * nvt] = (float) number(mesh, file, tok[1], ln);
                vt[2 * nvt + 1] = (float) number(mesh, file, tok[2], ln);
                nvt++;
            } else if ((tok[0].equals("o") || tok[0].equals("g")) && tok.length > 1) {
                if (nt > 0 && boundary == 0) {
                    boundary = ln;
                }
            } else if (tok[0].equals("f")) {
                if (boundary > 0) {
                    // MuJoCo 2.2.2 reads only the first object or group that has faces and drops the
                    // rest without a word; refused rather than read in a way MuJoCo does not.
                    throw error(mesh, file, "has faces in more than one object or group (line " + boundary + " starts another "
                            + "after faces, line " + ln + " adds faces to it); MuJoCo 2.2.2 reads only the first, so such "
                            + "files are refused: merge the faces into one object");
                }
                if (tok.length < 4) {
                    throw error(mesh, file, "line " + ln + ": a face needs at least 3 vertices, it has " + (tok.length - 1));
                }
                int[] idx = new int[tok.length - 1], tex = new int[tok.length - 1];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = objIndex(mesh, file, tok[i + 1], nv, ln);
                    tex[i] = texIndex(tok[i + 1], nvt);
                    allVt &= tex[i] >= 0;
                }
                for (int k = 2; k < idx.length; k++) {
                    if (nt == maxFaces) {
                        throw error(mesh, file, "has more than " + maxFaces + " triangles");
                    }
                    if (3 * (nt + 1) > corners.length) {
                        corners = Arrays.copyOf(corners, 2 * corners.length);
                        cornerVt = Arrays.copyOf(cornerVt, corners.length);
                    }
                    cornerVt[3 * nt] = tex[0];
                    cornerVt[3 * nt + 1] = tex[k - 1];
                    cornerVt[3 * nt + 2] = tex[k];
                    // A fan from the first corner, as MuJoCo 2.2.2's OBJ reader splits polygons.
                    corners[3 * nt] = idx[0];
                    corners[3 * nt + 1] = idx[k - 1];
                    corners[3 * nt + 2] = idx[k];
                    nt++;
                }
            }
            // vt, vn, o, g, s, mtllib, usemtl, l, p and other records do not shape the mesh.
        }
        if (nt == 0) {
            throw error(mesh, file, "has no faces ('f' lines); a mesh file needs triangles or polygons");
        }
        // MuJoCo 2.2.2 gives every face corner its own vertex (unused vertices disappear).
        double[] vert = new double[9 * nt];
        int[] face = new int[3 * nt];
        float[] texcoord = allVt && nvt > 0 ? new float[6 * nt] : null;
        for (int c = 0; c < 3 * nt; c++) {
            System.arraycopy(v, 3 * corners[c], vert, 3 * c, 3);
            face[c] = c;
            if (texcoord != null) {
                texcoord[2 * c] = vt[2 * cornerVt[c]];
                texcoord[2 * c + 1] = 1 - vt[2 * cornerVt[c] + 1];
            }
        }
        return new Data(vert, face, texcoord);
    }

    /** The 0-based vertex of a face corner 'v', 'v/vt', 'v//vn' or 'v/vt/vn'; negative counts back from the last vertex. */
    private static int objIndex(String mesh, String file, String corner, int nv, int ln) {
        int slash = corner.indexOf('/');
        String s = slash < 0 ? corner : corner.substring(0, slash);
        long i;
        try {
            i = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(mesh, file, "line " + ln + ": the face corner '" + corner + "' does not start with a vertex index");
        }
        long resolved = i < 0 ? nv + i : i - 1;
        if (i == 0 || resolved < 0 || resolved >= nv) {
            throw error(mesh, file, "line " + ln + ": the vertex index " + i + " is out of range; " + nv
                    + " vertices are defined so far (1.." + nv + ", or -1..-" + nv + " counting back)");
        }
        return (int) resolved;
    }

    /** The 0-based texture coordinate of a face corner 'v/vt' or 'v/vt/vn', or -1 (none, or out of range). */
    private static int texIndex(String corner, int nvt) {
        String[] p = corner.split("/", -1);
        if (p.length < 2 || p[1].isEmpty()) {
            return -1;
        }
        try {
            long i = Long.parseLong(p[1]);
            long resolved = i < 0 ? nvt + i : i - 1;
            return i == 0 || resolved < 0 || resolved >= nvt ? -1 : (int) resolved;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- shared

    private static double number(String mesh, String file, String s, int ln) {
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error(mesh, file, "line " + ln + ": '" + s + "' is not a number");
        }
        if (!Double.isFinite(d) || s.matches(".*[xXpPdDfF].*")) {
            throw error(mesh, file, "line " + ln + ": '" + s + "' is not a finite decimal number");
        }
        return d;
    }

    private static void check(String mesh, String file, float x, float y, float z, String where) {
        if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) {
            throw error(mesh, file, "has a non-finite vertex coordinate (" + x + " " + y + " " + z + ") at " + where);
        }
        if (Math.abs(x) > MAX_COORDINATE || Math.abs(y) > MAX_COORDINATE || Math.abs(z) > MAX_COORDINATE) {
            throw error(mesh, file, "has a vertex coordinate beyond " + (long) MAX_COORDINATE + " in magnitude at " + where);
        }
    }

    static SceneException error(String mesh, String file, String problem) {
        return new SceneException("Mesh '" + mesh + "': the file '" + file + "' " + problem + ".");
    }
}
