package io.vlaarena.sim.internal.mjcf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The skins MuJoCo 2.2.2's compiler makes for composites ({@code mjCComposite::MakeSkin2},
 * {@code MakeSkin2Subgrid}, {@code MakeSkin3}): the same vertices, texture coordinates, triangles
 * and bones in the same order, so that the compiled skin arrays are MuJoCo's.
 *
 * <p>A 2-D grid or cloth gets a two-sided sheet: one vertex per body on each side, bound to that
 * body alone (the sides are pushed apart by the skin's {@code inflate} when drawn), joined along
 * the border by thin triangles. With {@code subgrid} each cell is divided into
 * {@code (1 + subgrid)^2} smaller ones whose vertices follow the 16 bodies around the cell with
 * the weights of a bicubic Hermite patch, its corner derivatives taken as central differences
 * (one-sided at the grid's border). A box, cylinder or ellipsoid gets one vertex per surface body
 * (a box: one per body on each face, so its edges stay sharp; a cylinder: its caps so).
 */
final class CompositeSkins {
    /** Coefficients (of 1, t, t^2, t^3) of the cubic Hermite basis: value at 0, value at 1, slope at 0, slope at 1. */
    private static final double[][] HERMITE = {{1, 0, -3, 2}, {0, 0, 3, -2}, {0, 1, -2, 1}, {0, 0, -1, 1}};
    /** The corners of a cell in the order of the patch's unknowns: (0,0), (1,0), (1,1), (0,1). */
    private static final int[][] CORNERS = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};

    private CompositeSkins() {
    }

    /** Names a body from two face coordinates. */
    private interface BodyName {
        String of(int i0, int i1);
    }

    /** One face of a 3-D shape: its grid of c0 x c1 bodies, the winding of its triangles and its bodies' names. */
    private record Face(int c0, int c1, int side, BodyName name) {
    }

    // ---------------------------------------------------------------- 2-D

    /** The skin of a 2-D grid or cloth: a two-sided sheet, subdivided when {@code subgrid > 0}. */
    static void grid(MjSpec.MjsSkin skin, String prefix, int[] count, double spacing, boolean texcoord, int subgrid) {
        int k = 1 + subgrid;
        int c0 = count[0] + (count[0] - 1) * subgrid, c1 = count[1] + (count[1] - 1) * subgrid;
        int nn = c0 * c1;
        double step = subgrid > 0 ? spacing / k : 0;
        for (int side = 0; side < 2; side++) {
            for (int ix = 0; ix < c0; ix++) {
                for (int iy = 0; iy < c1; iy++) {
                    skin.vertex(ix * step, iy * step, 0);
                    if (texcoord) {
                        skin.texcoord.add(ix / (float) (c0 - 1));
                        skin.texcoord.add(iy / (float) (c1 - 1));
                    }
                    if (ix < c0 - 1 && iy < c1 - 1) {
                        quad(skin, side * nn, c1, ix, iy, side);
                    }
                }
            }
        }
        border(skin, c0, c1, nn);
        double bind = subgrid > 0 ? spacing : 0;
        for (int ix = 0; ix < count[0]; ix++) {
            for (int iy = 0; iy < count[1]; iy++) {
                int b = skin.bone(prefix + "B" + ix + "_" + iy, ix * bind, iy * bind, 0);
                if (subgrid == 0) {
                    skin.bind(b, ix * count[1] + iy, 1);
                    skin.bind(b, nn + ix * count[1] + iy, 1);
                }
            }
        }
        if (subgrid > 0) {
            bindSubgrid(skin, count, subgrid, c1, nn);
        }
    }

    /** The two triangles of grid square (i0, i1) of a face starting at vertex {@code base}, wound by {@code side}. */
    private static void quad(MjSpec.MjsSkin skin, int base, int c1, int i0, int i1, int side) {
        int s1 = side == 1 ? 1 : 0, s0 = 1 - s1;
        skin.triangle(base + i0 * c1 + i1, base + (i0 + 1) * c1 + i1 + s1, base + (i0 + 1) * c1 + i1 + s0);
        skin.triangle(base + i0 * c1 + i1, base + (i0 + s0) * c1 + i1 + 1, base + (i0 + s1) * c1 + i1 + 1);
    }

    /** The thin triangles joining the sheet's two sides along its four borders. */
    private static void border(MjSpec.MjsSkin skin, int c0, int c1, int nn) {
        for (int ix = 0; ix < c0 - 1; ix++) {
            int a = ix * c1, b = (ix + 1) * c1;
            skin.triangle(a, nn + b, b);
            skin.triangle(a, nn + a, nn + b);
        }
        for (int ix = 0; ix < c0 - 1; ix++) {
            int a = ix * c1 + c1 - 1, b = (ix + 1) * c1 + c1 - 1;
            skin.triangle(a, b, nn + b);
            skin.triangle(a, nn + b, nn + a);
        }
        for (int iy = 0; iy < c1 - 1; iy++) {
            skin.triangle(iy, iy + 1, nn + iy + 1);
            skin.triangle(iy, nn + iy + 1, nn + iy);
        }
        int last = (c0 - 1) * c1;
        for (int iy = 0; iy < c1 - 1; iy++) {
            skin.triangle(iy + last, nn + iy + 1 + last, iy + 1 + last);
            skin.triangle(iy + last, nn + iy + last, nn + iy + 1 + last);
        }
    }

    /**
     * Binds the subdivided sheet's vertices to the bodies: each big cell's vertices (the last row
     * and column of the grid included in the last cells) to the 4x4 bodies around the cell.
     */
    private static void bindSubgrid(MjSpec.MjsSkin skin, int[] count, int subgrid, int c1, int nn) {
        double[][] weights = subgridWeights(subgrid);
        for (int ix = 0; ix < count[0] - 1; ix++) {
            for (int iy = 0; iy < count[1] - 1; iy++) {
                int d = 3 * place(ix, count[0]) + place(iy, count[1]);
                int[] bone = new int[16];
                int c = 0;
                for (int dx = -1; dx < 3; dx++) {
                    for (int dy = -1; dy < 3; dy++) {
                        bone[c++] = (ix + dx) * count[1] + iy + dy;
                    }
                }
                for (int dx = 0; dx < 1 + subgrid + (ix == count[0] - 2 ? 1 : 0); dx++) {
                    for (int dy = 0; dy < 1 + subgrid + (iy == count[1] - 2 ? 1 : 0); dy++) {
                        int vid = (ix * (1 + subgrid) + dx) * c1 + iy * (1 + subgrid) + dy;
                        int row = dx * (2 + subgrid) + dy;
                        for (int bi = 0; bi < 16; bi++) {
                            double w = weights[d][row * 16 + bi];
                            if (w != 0) {
                                skin.bind(bone[bi], vid, w);
                                skin.bind(bone[bi], vid + nn, w);
                            }
                        }
                    }
                }
            }
        }
    }

    /** 0 for a grid's first cell along an axis, 2 for its last, else 1. */
    private static int place(int i, int count) {
        return i == 0 ? 0 : i == count - 2 ? 2 : 1;
    }

    /**
     * For each of the 9 border cases (3 x-places times 3 y-places) the weights of the 16 bodies
     * around a cell (row-major over x then y, from -1 to 2) at each of the cell's
     * {@code (2 + subgrid)^2} sample points, computed as MuJoCo computes them:
     * {@code XY * W * D}, the monomials at the point, the bicubic patch's coefficients from corner
     * values and derivatives, and those from the bodies' positions.
     */
    static double[][] subgridWeights(int subgrid) {
        int n = (2 + subgrid) * (2 + subgrid);
        double step = 1.0 / (1 + subgrid);
        double[] xy = new double[16 * n];
        int r = 0;
        for (int sx = 0; sx <= 1 + subgrid; sx++) {
            for (int sy = 0; sy <= 1 + subgrid; sy++) {
                double x = sx * step, y = sy * step;
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        // MuJoCo forms x^i y^j by multiplying left to right: x*...*y*...
                        xy[16 * r + 4 * i + j] = monomial(x, i, y, j);
                    }
                }
                r++;
            }
        }
        double[] xyw = mulMatMat(xy, hermiteMatrix(), n);
        double[][] out = new double[9][];
        for (int dx = 0; dx < 3; dx++) {
            for (int dy = 0; dy < 3; dy++) {
                out[3 * dx + dy] = mulMatMat(xyw, differences(dx, dy), n);
            }
        }
        return out;
    }

    /** x^i y^j evaluated as MuJoCo writes it out: {@code x*x*...*y*y*...} left to right (1 and y alone when i is 0). */
    private static double monomial(double x, int i, double y, int j) {
        if (i == 0) {
            return j == 0 ? 1 : j == 1 ? y : j == 2 ? y * y : y * y * y;
        }
        double v = i == 1 ? x * 1 : i == 2 ? x * x * 1 : x * x * x * 1;
        if (j == 0) {
            return v;
        }
        double xs = i == 1 ? x : i == 2 ? x * x : x * x * x;
        return j == 1 ? xs * y : j == 2 ? xs * y * y : xs * y * y * y;
    }

    /**
     * W: the coefficients of x^i y^j (row 4i + j) of the bicubic Hermite patch from its 16
     * unknowns (columns: values, x-slopes, y-slopes and cross slopes, each at the
     * {@link #CORNERS}).
     */
    private static double[] hermiteMatrix() {
        double[] w = new double[256];
        for (int kind = 0; kind < 4; kind++) {
            boolean slopeX = kind == 1 || kind == 3, slopeY = kind == 2 || kind == 3;
            for (int c = 0; c < 4; c++) {
                double[] bx = HERMITE[(slopeX ? 2 : 0) + CORNERS[c][0]];
                double[] by = HERMITE[(slopeY ? 2 : 0) + CORNERS[c][1]];
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        w[16 * (4 * i + j) + 4 * kind + c] = bx[i] * by[j];
                    }
                }
            }
        }
        return w;
    }

    /**
     * D: the patch's 16 unknowns (rows, as {@link #hermiteMatrix}'s columns) from the 16 bodies
     * around the cell: slopes as central differences, one-sided at a corner on the grid's border
     * ({@code px}, {@code py}: 0 first cell, 1 inner, 2 last), cross slopes as their products.
     */
    private static double[] differences(int px, int py) {
        double[] d = new double[256];
        for (int kind = 0; kind < 4; kind++) {
            boolean slopeX = kind == 1 || kind == 3, slopeY = kind == 2 || kind == 3;
            for (int c = 0; c < 4; c++) {
                double[] sx = stencil(CORNERS[c][0], px, slopeX), sy = stencil(CORNERS[c][1], py, slopeY);
                for (int bx = 0; bx < 4; bx++) {
                    for (int by = 0; by < 4; by++) {
                        d[16 * (4 * kind + c) + 4 * bx + by] = sx[bx] * sy[by];
                    }
                }
            }
        }
        return d;
    }

    /** Weights of the 4 bodies at -1..2 along one axis for the value or slope at corner coordinate {@code at}. */
    private static double[] stencil(int at, int place, boolean slope) {
        double[] s = new double[4];
        if (!slope) {
            s[at + 1] = 1;
        } else if (at == 0 && place == 0 || at == 1 && place == 2) {
            s[1] = -1;
            s[2] = 1;
        } else {
            s[at] = -0.5;
            s[at + 2] = 0.5;
        }
        return s;
    }

    /** {@code a (rows x 16) * b (16 x 16)}, summed as MuJoCo's mju_mulMatMat (zero entries of a skipped). */
    private static double[] mulMatMat(double[] a, double[] b, int rows) {
        double[] out = new double[16 * rows];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < 16; k++) {
                double t = a[16 * i + k];
                if (t != 0) {
                    for (int j = 0; j < 16; j++) {
                        out[16 * i + j] += b[16 * k + j] * t;
                    }
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- 3-D

    /** The skin of a box, cylinder or ellipsoid composite ({@code shape} its type). */
    static void solid(MjSpec.MjsSkin skin, String prefix, int[] count, String shape, boolean texcoord) {
        int l0 = count[0] - 1, l1 = count[1] - 1, l2 = count[2] - 1;
        String p = prefix + "B";
        // the six faces in MuJoCo's order (-z, +z, -y, +y, -x, +x): grid sizes, winding, body names
        List<Face> faces = List.of(
                new Face(count[0], count[1], 1, (a, b) -> p + a + "_" + b + "_0"),
                new Face(count[0], count[1], 0, (a, b) -> p + a + "_" + b + "_" + l2),
                new Face(count[0], count[2], 0, (a, b) -> p + a + "_0_" + b),
                new Face(count[0], count[2], 1, (a, b) -> p + a + "_" + l1 + "_" + b),
                new Face(count[1], count[2], 1, (a, b) -> p + "0_" + a + "_" + b),
                new Face(count[1], count[2], 0, (a, b) -> p + l0 + "_" + a + "_" + b));
        if (shape.equals("box")) {
            for (Face f : faces) {
                box(skin, f, texcoord);
            }
            return;
        }
        boolean cylinder = shape.equals("cylinder");
        Map<String, Integer> vertices = new HashMap<>();
        for (int ix = 0; ix < count[0]; ix++) {
            for (int iy = 0; iy < count[1]; iy++) {
                for (int iz = 0; iz < count[2]; iz++) {
                    boolean xedge = ix == 0 || ix == l0, yedge = iy == 0 || iy == l1, zedge = iz == 0 || iz == l2;
                    if (xedge || yedge || !cylinder && zedge) {
                        vertices.put(p + ix + "_" + iy + "_" + iz, skin.vertex(0, 0, 0));
                        if (texcoord) {
                            float u, v;
                            if (xedge) {
                                u = iy / (float) l1;
                                v = iz / (float) l2;
                            } else if (yedge || cylinder) {
                                u = ix / (float) l0;
                                v = iz / (float) l2;
                            } else {
                                u = ix / (float) l0;
                                v = iy / (float) l1;
                            }
                            skin.texcoord.add(u);
                            skin.texcoord.add(v);
                        }
                    }
                }
            }
        }
        // a cylinder's caps are box faces (sharp rims), made after its smooth sides
        for (Face f : faces.subList(cylinder ? 2 : 0, 6)) {
            smooth(skin, f, vertices);
        }
        if (cylinder) {
            box(skin, faces.get(0), texcoord);
            box(skin, faces.get(1), texcoord);
        }
    }

    /** One face of a box skin: its own vertices, one per body, each bound to its body alone. */
    private static void box(MjSpec.MjsSkin skin, Face f, boolean texcoord) {
        int c0 = f.c0, c1 = f.c1, side = f.side;
        BodyName name = f.name;
        int base = skin.vert.size() / 3;
        for (int i0 = 0; i0 < c0; i0++) {
            for (int i1 = 0; i1 < c1; i1++) {
                skin.vertex(0, 0, 0);
                if (texcoord) {
                    skin.texcoord.add(i0 / (float) (c0 - 1));
                    skin.texcoord.add(i1 / (float) (c1 - 1));
                }
                if (i0 < c0 - 1 && i1 < c1 - 1) {
                    quad(skin, base, c1, i0, i1, side);
                }
                skin.bind(skin.bone(name.of(i0, i1), 0, 0, 0), base + i0 * c1 + i1, 1);
            }
        }
    }

    /** One face of a smooth skin: triangles over the shared surface vertices, a bone per body of the face. */
    private static void smooth(MjSpec.MjsSkin skin, Face f, Map<String, Integer> vertices) {
        int c0 = f.c0, c1 = f.c1, side = f.side;
        BodyName name = f.name;
        for (int i0 = 0; i0 < c0; i0++) {
            for (int i1 = 0; i1 < c1; i1++) {
                int v00 = vertices.get(name.of(i0, i1));
                if (i0 < c0 - 1 && i1 < c1 - 1) {
                    int v01 = vertices.get(name.of(i0, i1 + 1)), v10 = vertices.get(name.of(i0 + 1, i1));
                    int v11 = vertices.get(name.of(i0 + 1, i1 + 1));
                    if (side == 0) {
                        skin.triangle(v00, v10, v11);
                        skin.triangle(v00, v11, v01);
                    } else {
                        skin.triangle(v00, v01, v11);
                        skin.triangle(v00, v11, v10);
                    }
                }
                skin.bind(skin.bone(name.of(i0, i1), 0, 0, 0), v00, 1);
            }
        }
    }
}
