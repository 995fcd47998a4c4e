package io.vlaarena.sim.internal.mjcf;

import io.vlaarena.sim.internal.model.MjModel;

/** Volume and principal inertia (about the geom's own centre, in its own frame) of primitive geoms, as MuJoCo computes them. */
final class GeomInertia {
    private GeomInertia() {
    }

    /** Volume of a solid primitive; zero for planes, which carry no mass. */
    static double volume(int type, double[] size) {
        double a = size[0];
        double b = size[1];
        double c = size[2];
        switch (type) {
            case MjModel.GEOM_SPHERE:
                return 4 * Math.PI * a * a * a / 3;
            case MjModel.GEOM_CAPSULE:
                return Math.PI * a * a * (4.0 / 3.0 * a + 2 * b);
            case MjModel.GEOM_CYLINDER:
                return Math.PI * a * a * 2 * b;
            case MjModel.GEOM_ELLIPSOID:
                return 4.0 / 3.0 * Math.PI * a * b * c;
            case MjModel.GEOM_BOX:
                return 8 * a * b * c;
            default:
                return 0;
        }
    }

    /**
     * Principal moments about the centre for a solid of the given mass. The capsule is a cylinder
     * plus two hemispheres, mass split in proportion to their volumes, each hemisphere's moment
     * moved from its own centre of mass (3r/8 from its flat face) to the capsule's centre.
     */
    static double[] inertia(int type, double[] size, double mass) {
        double a = size[0];
        double b = size[1];
        double c = size[2];
        switch (type) {
            case MjModel.GEOM_SPHERE: {
                double i = 2 * mass * a * a / 5;
                return new double[] {i, i, i};
            }
            case MjModel.GEOM_CAPSULE: {
                double height = 2 * b;
                double sphereMass = mass * 4 * a / (4 * a + 3 * height);
                double cylMass = mass - sphereMass;
                double perp = cylMass * (3 * a * a + height * height) / 12
                        + sphereMass * (2 * a * a / 5 + height * height / 4 + 3 * height * a / 8);
                double axial = cylMass * a * a / 2 + sphereMass * 2 * a * a / 5;
                return new double[] {perp, perp, axial};
            }
            case MjModel.GEOM_CYLINDER: {
                double height = 2 * b;
                double perp = mass * (3 * a * a + height * height) / 12;
                return new double[] {perp, perp, mass * a * a / 2};
            }
            case MjModel.GEOM_ELLIPSOID:
                return new double[] {mass * (b * b + c * c) / 5, mass * (a * a + c * c) / 5, mass * (a * a + b * b) / 5};
            case MjModel.GEOM_BOX:
                return new double[] {mass * (b * b + c * c) / 3, mass * (a * a + c * c) / 3, mass * (a * a + b * b) / 3};
            default:
                return new double[3];
        }
    }
}
