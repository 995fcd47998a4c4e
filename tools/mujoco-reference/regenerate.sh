#!/bin/sh
# Regenerates every MuJoCo reference file of arena-sim's fidelity tests from the committed XML.
# Needs a C compiler and MuJoCo 2.2.2's C library (Debian: apt-get install libmujoco-dev).
# Usage: tools/mujoco-reference/regenerate.sh   (from anywhere inside the repository)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SCENES="$ROOT/arena-sim/src/main/resources/io/vlaarena/sim/scenes"
REF="$ROOT/arena-sim/src/test/resources/io/vlaarena/sim/reference"
BENCH="$ROOT/arena-sim/src/main/resources/io/vlaarena/sim/bench"
BUILD=$(mktemp -d)
trap 'rm -rf "$BUILD"' EXIT
cc -O2 -Wall -o "$BUILD/mjref" "$HERE/mjref.c" -lmujoco -lm
MJREF="$BUILD/mjref"

# Runs mjref and writes its output with the model path shown relative to the repository.
run() {
  out=$1; shift
  "$MJREF" "$@" > "$REF/$out"
  echo "wrote $out"
}

# a) layouts: the bundled fragments, the composed scene and every test scene in the folder
#    (layout_mesh_files.xml reads the mesh fixtures in meshes/ through its meshdir)
run franka.layout.txt layout "$SCENES/franka.xml"
run table.layout.txt layout "$SCENES/table.xml"
for xml in "$REF"/*.xml; do
  name=$(basename "$xml" .xml)
  run "$name.layout.txt" layout "$xml"
done

# b) trajectories (mj_step, default Euler integrator, timestep 0.002)
run pendulum.traj.txt traj "$REF/pendulum.xml" --key start --duration 2 --every 1
run pendulum_damped.traj.txt traj "$REF/pendulum_damped.xml" --key start --duration 2 --every 1
run double_pendulum.traj.txt traj "$REF/double_pendulum.xml" --key start --duration 2 --every 1
run box_drop.traj.txt traj "$REF/box_drop.xml" --duration 2 --every 10
run box_on_table.traj.txt traj "$REF/box_on_table.xml" --duration 2 --every 10
run free_spin.traj.txt traj "$REF/free_spin.xml" --key spin --duration 1 --every 1
run slide_limit.traj.txt traj "$REF/slide_limit.xml" --duration 1 --every 1
# meshes: a cube given as a mesh dropped on a plane, and a convex mesh dropped on a box table
run mesh_drop.traj.txt traj "$REF/mesh_drop.xml" --duration 2 --every 10
run mesh_on_table.traj.txt traj "$REF/mesh_on_table.xml" --duration 2 --every 10
# a sphere, a box and a mesh cube dropped on static mesh cubes
run mesh_stack.traj.txt traj "$REF/mesh_stack.xml" --duration 1.5 --every 10
# equality constraints (connect, weld, joint, tendon) and a tendon-driven gripper
run eq_fourbar.traj.txt traj "$REF/eq_fourbar.xml" --duration 2 --every 1
run eq_weld.traj.txt traj "$REF/eq_weld.xml" --duration 2 --every 1
run eq_joint.traj.txt traj "$REF/eq_joint.xml" --key start --duration 2 --every 1
run eq_gripper_half.traj.txt traj "$REF/eq_gripper.xml" --key tilted --ctrl 128 --duration 1 --every 1
run eq_gripper_close.traj.txt traj "$REF/eq_gripper.xml" --key tilted --ctrl 0 --duration 1 --every 1
# fixed-tendon limits and spring-dampers; mocap bodies moved before the run drag welded bodies
run tendon_limit.traj.txt traj "$REF/tendon_limit.xml" --key start --duration 2 --every 1
run tendon_spring.traj.txt traj "$REF/tendon_spring.xml" --key start --duration 2 --every 1
# spatial tendons: sphere wrap with outside and inside side sites, cylinder wrap, pulleys, a string
run tendon_spatial.traj.txt traj "$REF/tendon_spatial.xml" --key start --duration 2 --every 1
run tendon_path.traj.txt traj "$REF/tendon_path.xml" --key start --duration 0.4 --every 50 --wraps
run mocap_weld.traj.txt traj "$REF/mocap_weld.xml" --duration 1 --every 1 \
  --mocap-pos hand,0.1,-0.05,1.15 --mocap-quat hand,2,0.3,0,0.5 --mocap-pos anchor,1.2,0,1.2
# contact-rich scenes: ten boxes resting on a plane, a 5 x 4 grid of overlapping spheres, 100
# bodies dropped into a bin (the benchmark scene bin100.xml; its <size nconmax njmax> lifts 2.2.2's
# default buffers)
run contact_boxes_rest.traj.txt traj "$REF/contact_boxes_rest.xml" --duration 2 --every 100
run contact_spheres_grid.traj.txt traj "$REF/contact_spheres_grid.xml" --duration 2 --every 100
run contact_bin.traj.txt traj "$BENCH/bin100.xml" --duration 2 --every 250
# colliders: every pair of geom types on fixed poses (contacts after one step), and bodies of
# every type dropped on static geoms of every type
run collide_poses.traj.txt traj "$REF/collide_poses.xml" --duration 0.002 --every 1 --contacts
run collide_pairs.traj.txt traj "$REF/collide_pairs.xml" --duration 1.5 --every 50
# contact parameters (geom solref/solimp/margin/gap/priority/solmix, condim 1/4/6, explicit
# pairs, a pair default class, exclude, impratio), with the contacts of every printed step
run contact_params.traj.txt traj "$REF/contact_params.xml" --key start --duration 1.5 --every 25 --contacts
# elliptic friction cones: sliding, slope, spin, roll, a five-friction pair, a stack (impratio 3), with
# MuJoCo's own sensitivity (1e-12 added to qvel); two fingers holding a lifted box (impratio 10)
run cone_elliptic.traj.txt traj "$REF/cone_elliptic.xml" --key start --duration 1.5 --every 25 --contacts --sensors
run cone_elliptic_perturbed.traj.txt traj "$REF/cone_elliptic.xml" --key start --duration 1.5 --every 25 --qvel-add 1e-12
run cone_grasp.traj.txt traj "$REF/cone_grasp.xml" --duration 2 --every 25 --contacts --sensors --efc --ctrl 0.1,0.06,0.06,0.3
# the constraint rows (type, id, pos, margin, aref, R, D, force) of the first 0.2 s of cone_elliptic
run cone_elliptic_rows.traj.txt traj "$REF/cone_elliptic.xml" --key start --duration 0.2 --every 25 --contacts --efc
# joint and tendon frictionloss with their solreffriction/solimpfriction, joint limit parameters
# and margins, a limited ball joint; <option><flag> (two scenes); the RK4 integrator;
# the implicit integrator; actuator dynamics (integrator and filter: trajectories carry '#a' activation lines)
run joint_friction.traj.txt traj "$REF/joint_friction.xml" --key start --duration 2 --every 1
run option_flags.traj.txt traj "$REF/option_flags.xml" --key start --duration 1.5 --every 1
run option_flags_off.traj.txt traj "$REF/option_flags_off.xml" --key start --duration 1 --every 1
run rk4.traj.txt traj "$REF/rk4.xml" --key start --duration 2 --every 1
run implicit.traj.txt traj "$REF/implicit.xml" --key start --duration 3 --every 1
run actuator_dyn.traj.txt traj "$REF/actuator_dyn.xml" --key start --duration 2 --every 1
# muscles (length ranges from the compiler's simulation, printed by 'layout' as '#lr' lines)
run muscle.traj.txt traj "$REF/muscle.xml" --key start --duration 2 --every 1
# transmissions (slider-crank, ball/free joints, jointinparent, site with and without refsite), the
# actuator shortcuts and their shared defaults, adhesion (body transmission), springdamper and the
# compiler's mass/inertia bounds; actuator sensors read lengths, velocities and forces
run transmission.traj.txt traj "$REF/transmission.xml" --key start --duration 1 --every 1 --sensors
run actuator_shortcuts.traj.txt traj "$REF/actuator_shortcuts.xml" --key start --duration 1 --every 1 --sensors
run adhesion.traj.txt traj "$REF/adhesion.xml" --key start --duration 1 --every 1 --sensors
run adhesion_elliptic.traj.txt traj "$REF/adhesion_elliptic.xml" --key start --duration 1 --every 1 --sensors
run compiler_bounds.traj.txt traj "$REF/compiler_bounds.xml" --key start --duration 1 --every 1 --sensors
# solimp values beyond MuJoCo's bounds (bounded where used); tendon and equality default classes
run solimp_bounds.traj.txt traj "$REF/solimp_bounds.xml" --key start --duration 1 --every 1 --sensors
run defaults_tendon_equality.traj.txt traj "$REF/defaults_tendon_equality.xml" --key start --duration 1 --every 1 --sensors
# solimp values outside their bounds (clamped by MuJoCo when it builds the rows)
run solimp_clamp.traj.txt traj "$REF/solimp_clamp.xml" --key start --duration 1 --every 1

# d) sensors: every computed sensor type, sensordata as '#s' lines
run sensors.traj.txt traj "$REF/sensors.xml" --key start --ctrl 0.4,0.02,0.1,0.3 --duration 1 --every 25 --sensors
# camera modes and site fromto, read through frame sensors
run camlight.traj.txt traj "$REF/camlight.xml" --key start --duration 1 --every 25 --sensors
# sensors under RK4 (not computed in the inner stages) and with the sensor flag disabled
run sensors_rk4.traj.txt traj "$REF/sensors_rk4.xml" --key start --duration 1 --every 25 --sensors
run sensors_off.traj.txt traj "$REF/sensors_off.xml" --key start --duration 1 --every 25 --sensors
# rangefinders sweeping every geom type
run rangefinder.traj.txt traj "$REF/rangefinder.xml" --key start --duration 1 --every 5 --sensors
# height fields from a PNG and from nrow/ncol, every convex type dropped on them
run hfield.traj.txt traj "$REF/hfield.xml" --duration 1 --every 25 --contacts
run hfield_perturbed.traj.txt traj "$REF/hfield.xml" --duration 1 --every 25 --contacts --qvel-add 1e-12
run hfield_poses.traj.txt traj "$REF/hfield_poses.xml" --duration 0.002 --every 1 --contacts

# e) the CG constraint solver (stopped after 12 iterations) on contacts, limits, frictionloss, an equality
run solver_cg.traj.txt traj "$REF/solver_cg.xml" --key start --duration 1 --every 1
run solver_cg_perturbed.traj.txt traj "$REF/solver_cg.xml" --key start --duration 1 --every 1 --qvel-add 1e-12
# the PGS solver on the same scene
run solver_pgs.traj.txt traj "$REF/solver_pgs.xml" --key start --duration 1 --every 1
run solver_pgs_perturbed.traj.txt traj "$REF/solver_pgs.xml" --key start --duration 1 --every 1 --qvel-add 1e-12
# fluid forces (inertia-box model): density, viscosity and wind on free, hinged, slide and ball bodies
run fluid.traj.txt traj "$REF/fluid.xml" --key start --duration 2 --every 1
run fluid_implicit.traj.txt traj "$REF/fluid_implicit.xml" --key start --duration 2 --every 1
# the ellipsoid fluid model (geom fluidshape/fluidcoef) on every primitive shape
run fluid_ellipsoid.traj.txt traj "$REF/fluid_ellipsoid.xml" --key start --duration 1 --every 1
run fluid_ellipsoid_implicit.traj.txt traj "$REF/fluid_ellipsoid_implicit.xml" --key start --duration 1 --every 1
# jacobian="sparse" and the same scene with jacobian="dense" (MuJoCo's two layouts)
run jacobian.traj.txt traj "$REF/jacobian.xml" --key start --duration 1 --every 1
sed 's/jacobian="sparse"/jacobian="dense"/' "$REF/jacobian.xml" > "$BUILD/jacobian_dense.xml"
run jacobian_dense.traj.txt traj "$BUILD/jacobian_dense.xml" --key start --duration 1 --every 1
# franka alone (no floor, no self-collision: ncon stays 0), home keyframe, constant ctrl:
# home + 0.3 rad on joints 1, 2, 4 and 6 and the gripper closing; then all eight ctrl = 0
# (MuJoCo clamps ctrl to ctrlrange inside the actuation: actuator4 sees -0.0698).
run franka_home_plus.traj.txt traj "$SCENES/franka.xml" --key home --duration 0.5 --every 1 \
  --ctrl 0.3,-0.485398,0,-2.056194,0,1.870796,0.785398,0
run franka_zero_ctrl.traj.txt traj "$SCENES/franka.xml" --key home --duration 0.5 --every 1 \
  --ctrl 0,0,0,0,0,0,0,0
# the composed scene at rest from its home keyframe with the home ctrl
run franka_table_home.txt traj "$REF/franka_table.xml" --key home --duration 1 --every 10
run franka_table_home_5s.traj.txt traj "$REF/franka_table.xml" --key home --duration 5 --final
# grasp: the franka closes on the red cube and lifts it 10 cm, driven by a ctrl schedule
# (franka_table_grasp.ctrl.txt, written by io.vlaarena.sim.GraspSchedule in arena-sim's test
# sources; one line per 10 steps = 50 Hz control)
run franka_table_grasp.traj.txt traj "$REF/franka_table.xml" --key home \
  --ctrl-file "$REF/franka_table_grasp.ctrl.txt" --ctrl-steps 10 --every 20

# e) composites: one small scene per type; 'names' prints what the layout leaves out (names,
#    geom contact parameters, sites, tendons and their paths, equalities, exclusions)
for xml in "$REF"/composite_*.xml "$REF"/layout_composite_*.xml; do
  name=$(basename "$xml" .xml)
  run "$name.names.txt" names "$xml"
done
for scene in particle grid rope loop cloth box; do
  run composite_$scene.traj.txt traj "$REF/composite_$scene.xml" --duration 1 --every 5
done

# f) composite skins: the compiled skin arrays and the vertices MuJoCo draws at a perturbed qpos0
run skin_composites.skins.txt skins "$REF/skin_composites.xml" --perturb 0.1
