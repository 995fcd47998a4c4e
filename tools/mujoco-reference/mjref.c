/*
 * mjref: prints MuJoCo reference numbers for the arena-sim fidelity tests.
 *
 *   mjref layout <model.xml>
 *       compiled-model layout (sizes, qpos0, bodies, joints, dofs, geoms, actuators, keyframes,
 *       and mesh vertex/face counts when the model has meshes)
 *
 *   mjref traj <model.xml> [--key NAME] [--ctrl c0,c1,...] [--ctrl-file FILE]
 *                          [--ctrl-steps K] [--duration SECONDS] [--every N] [--final]
 *                          [--mocap-pos BODY,x,y,z] [--mocap-quat BODY,w,x,y,z] [--contacts]
 *                          [--sensors] [--efc] [--qvel-add EPS] [--keyid N] [--wraps]
 *       resets to the keyframe NAME (qpos, qvel, act, ctrl, time of the key) or to qpos0,
 *       optionally overrides ctrl with a constant vector or with a schedule read from FILE
 *       (one line of nu values per control step, each held for K mj_step calls; '#' lines
 *       and blank lines skipped; the last line is held if the run is longer), steps with
 *       mj_step and prints "step time ncon qpos[nq] qvel[nv]" for step 0 and every N-th step
 *       (or only the last step with --final), followed by '#' summary lines.
 *       --mocap-pos / --mocap-quat (repeatable) set a mocap body's mocap_pos / mocap_quat after
 *       the reset; they stay for the whole run.
 *       --contacts prints, after every printed state, its contacts as '#c' comment lines:
 *       step index geom1 geom2 dist pos[3] frame[9] dim exclude.
 *       --sensors prints, after every printed state, its sensordata as a '#s' comment line:
 *       step nsensordata sensordata[nsensordata] (as mj_step left it: computed by the step's
 *       mj_forward, before the integration), preceded by a '# sensor' header line per sensor
 *       (id type dim adr name).
 *       --efc prints, after every printed state, its constraint rows as '#e' comment lines:
 *       step row type id pos margin aref R D force (as mj_step left them, like the contacts).
 *       --qvel-add EPS adds EPS to every qvel after the reset (MuJoCo's own sensitivity).
 *       --keyid N resets to the N-th keyframe (from 0), named or not, instead of --key NAME.
 *       --wraps prints, after every printed state, each tendon's drawn path as a '#w' comment
 *       line: "#w step tendon wrapadr wrapnum" then "obj x y z" per point (wrap_obj, wrap_xpos).
 *
 *   mjref names <model.xml>
 *       what the layout leaves out, one object a line: the names of bodies, joints, geoms
 *       and sites; geom contact parameters; sites; tendons (parameters and path); the type,
 *       objects and name of every equality; contact exclusions (their body pairs)
 *
 *   mjref skins <model.xml> [--perturb A]
 *       --perturb A adds A*sin(i+1) to every qpos[i] before mj_forward (scenes of hinge and
 *       slide joints only). The skins: per skin "skin name matid group inflate rgba[4] vertnum texcoordadr facenum
 *       bonenum", its "vert" (bind-pose vertices), "texcoord" (if any) and "face" lines, per
 *       bone "bone bodyid bindpos[3] bindquat[4] (vertid weight)...", then the vertices and
 *       normals mjv_updateActiveSkin computes at qpos0 (perturbed) after mj_forward: "posed x y z nx ny nz"
 *       per vertex (every skin group shown)
 *
 *   mjref bench <model.xml> [--key NAME | --keyid N] [--steps N] [--rounds R]
 *       speed: R rounds, each resetting to the keyframe NAME (or qpos0) and timing N mj_step
 *       calls in CPU time of this process; prints "round cpu_seconds ncon" per round, then the
 *       share of each pipeline stage (MuJoCo's own timers, in the last round) as '#' lines.
 *
 * Numbers are printed with %.17g, integers with %d. Lines starting with '#' are comments.
 * Build: cc -O2 -o mjref mjref.c -lmujoco  (see README.md)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mujoco/mujoco.h>

static void pnum(double x) { printf(" %.17g", x); }
static void pvec(const mjtNum* v, int n) { for (int i = 0; i < n; i++) pnum(v[i]); }
static void endl(void) { printf("\n"); }

static mjModel* load(const char* path) {
  char err[1000] = "";
  mjModel* m = mj_loadXML(path, NULL, err, sizeof(err));
  if (!m) {
    fprintf(stderr, "mjref: cannot load %s: %s\n", path, err);
    exit(2);
  }
  if (err[0]) fprintf(stderr, "mjref: warning while loading %s: %s\n", path, err);
  return m;
}

static const char* basename_of(const char* path) {
  const char* s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static void print_options(const mjModel* m) {
  const mjOption* o = &m->opt;
  printf("# mujoco %s\n", mj_versionString());
  printf("# option timestep %.17g gravity %.17g %.17g %.17g integrator %d cone %d solver %d"
         " iterations %d tolerance %.17g impratio %.17g jacobian %d collision %d"
         " disableflags %d enableflags %d\n",
         o->timestep, o->gravity[0], o->gravity[1], o->gravity[2], o->integrator, o->cone,
         o->solver, o->iterations, o->tolerance, o->impratio, o->jacobian, o->collision,
         o->disableflags, o->enableflags);
}

static int layout(const char* path) {
  mjModel* m = load(path);
  printf("# layout of %s\n", basename_of(path));
  print_options(m);
  printf("# sizes: nq nv nu nbody njnt ngeom nkey\n");
  printf("%d %d %d %d %d %d %d\n", m->nq, m->nv, m->nu, m->nbody, m->njnt, m->ngeom, m->nkey);
  printf("# qpos0 (nq)\n");
  pvec(m->qpos0, m->nq); endl();

  printf("# bodies (nbody lines): mass inertia[3] ipos[3] iquat[4] pos[3] quat[4] parentid\n");
  for (int i = 0; i < m->nbody; i++) {
    const char* nm = mj_id2name(m, mjOBJ_BODY, i);
    printf("# body %d %s\n", i, nm ? nm : "");
    pnum(m->body_mass[i]); pvec(m->body_inertia + 3*i, 3); pvec(m->body_ipos + 3*i, 3);
    pvec(m->body_iquat + 4*i, 4); pvec(m->body_pos + 3*i, 3); pvec(m->body_quat + 4*i, 4);
    printf(" %d", m->body_parentid[i]); endl();
  }

  printf("# joints (njnt lines): type qposadr dofadr bodyid axis[3] pos[3] range[2] limited\n");
  for (int i = 0; i < m->njnt; i++) {
    const char* nm = mj_id2name(m, mjOBJ_JOINT, i);
    printf("# joint %d %s\n", i, nm ? nm : "");
    printf("%d %d %d %d", m->jnt_type[i], m->jnt_qposadr[i], m->jnt_dofadr[i], m->jnt_bodyid[i]);
    pvec(m->jnt_axis + 3*i, 3); pvec(m->jnt_pos + 3*i, 3); pvec(m->jnt_range + 2*i, 2);
    printf(" %d", (int)m->jnt_limited[i]); endl();
  }

  printf("# dofs (nv lines): damping armature\n");
  for (int i = 0; i < m->nv; i++) {
    pnum(m->dof_damping[i]); pnum(m->dof_armature[i]); endl();
  }

  printf("# geoms (ngeom lines): type bodyid size[3] pos[3] quat[4]\n");
  for (int i = 0; i < m->ngeom; i++) {
    const char* nm = mj_id2name(m, mjOBJ_GEOM, i);
    printf("# geom %d %s\n", i, nm ? nm : "");
    printf("%d %d", m->geom_type[i], m->geom_bodyid[i]);
    pvec(m->geom_size + 3*i, 3); pvec(m->geom_pos + 3*i, 3); pvec(m->geom_quat + 4*i, 4); endl();
  }

  printf("# actuators (nu lines): trntype trnid gear[0] gainprm[0..2] biasprm[0..2]"
         " ctrlrange[2] forcerange[2] ctrllimited forcelimited\n");
  for (int i = 0; i < m->nu; i++) {
    const char* nm = mj_id2name(m, mjOBJ_ACTUATOR, i);
    printf("# actuator %d %s\n", i, nm ? nm : "");
    printf("%d %d", m->actuator_trntype[i], m->actuator_trnid[2*i]);
    pnum(m->actuator_gear[6*i]);
    pvec(m->actuator_gainprm + mjNGAIN*i, 3); pvec(m->actuator_biasprm + mjNBIAS*i, 3);
    pvec(m->actuator_ctrlrange + 2*i, 2); pvec(m->actuator_forcerange + 2*i, 2);
    printf(" %d %d", (int)m->actuator_ctrllimited[i], (int)m->actuator_forcelimited[i]); endl();
  }
  /* transmissions beyond a joint or tendon with a scalar gear, and joint stiffness (springdamper):
     comment lines, so the record layout above stays as it was */
  printf("# transmissions (comment lines, only where trntype is not joint/tendon or gear has more than"
         " one component): #trn id trntype trnid[0] trnid[1] gear[6] cranklength\n");
  for (int i = 0; i < m->nu; i++) {
    const mjtNum* g = m->actuator_gear + 6*i;
    int t = m->actuator_trntype[i];
    if ((t != mjTRN_JOINT && t != mjTRN_TENDON) || g[1] || g[2] || g[3] || g[4] || g[5]) {
      printf("#trn %d %d %d %d", i, t, m->actuator_trnid[2*i], m->actuator_trnid[2*i+1]);
      pvec(g, 6); pnum(m->actuator_cranklength[i]); endl();
    }
  }
  printf("# actuator length ranges (comment lines, nonzero only): #alr id lengthrange[2]\n");
  for (int i = 0; i < m->nu; i++) {
    if (m->actuator_lengthrange[2*i] || m->actuator_lengthrange[2*i+1]) {
      printf("#alr %d", i); pvec(m->actuator_lengthrange + 2*i, 2); endl();
    }
  }
  printf("# nonzero joint stiffness (comment lines): #jstiff id stiffness\n");
  for (int j = 0; j < m->njnt; j++) {
    if (m->jnt_stiffness[j] != 0) { printf("#jstiff %d", j); pnum(m->jnt_stiffness[j]); endl(); }
  }
  /* muscles only: the compiled length range and acc0 as comment lines (other layouts unchanged) */
  for (int i = 0; i < m->nu; i++) {
    if (m->actuator_gaintype[i] == mjGAIN_MUSCLE || m->actuator_biastype[i] == mjBIAS_MUSCLE) {
      printf("#lr %d", i); pvec(m->actuator_lengthrange + 2*i, 2); pnum(m->actuator_acc0[i]);
      pvec(m->actuator_gainprm + mjNGAIN*i, 9); pvec(m->actuator_dynprm + mjNDYN*i, 2); endl();
    }
  }

  printf("# keys (nkey lines): time qpos[nq] qvel[nv] ctrl[nu]\n");
  for (int k = 0; k < m->nkey; k++) {
    const char* nm = mj_id2name(m, mjOBJ_KEY, k);
    printf("# key %d %s\n", k, nm ? nm : "");
    pnum(m->key_time[k]); pvec(m->key_qpos + m->nq*k, m->nq); pvec(m->key_qvel + m->nv*k, m->nv);
    pvec(m->key_ctrl + m->nu*k, m->nu); endl();
  }

  if (m->nmesh > 0) {
    printf("# meshes (nmesh lines, only when nmesh > 0): vertnum facenum\n");
    for (int i = 0; i < m->nmesh; i++) {
      const char* nm = mj_id2name(m, mjOBJ_MESH, i);
      printf("# mesh %d %s\n", i, nm ? nm : "");
      printf("%d %d\n", m->mesh_vertnum[i], m->mesh_facenum[i]);
    }
  }
  if (m->neq > 0) {
    printf("# equality constraints (printed only when neq > 0): neq, then neq lines:"
           " type obj1id obj2id active solref[2] solimp[5] data[%d]\n", mjNEQDATA);
    printf("%d\n", m->neq);
    for (int i = 0; i < m->neq; i++) {
      const char* nm = mj_id2name(m, mjOBJ_EQUALITY, i);
      printf("# equality %d %s\n", i, nm ? nm : "");
      printf("%d %d %d %d", m->eq_type[i], m->eq_obj1id[i], m->eq_obj2id[i], (int)m->eq_active[i]);
      pvec(m->eq_solref + mjNREF*i, 2); pvec(m->eq_solimp + mjNIMP*i, 5);
      pvec(m->eq_data + mjNEQDATA*i, mjNEQDATA); endl();
    }
  }
  if (m->nmocap > 0) {
    printf("# mocap bodies (printed only when nmocap > 0): nmocap, then body_mocapid[nbody]\n");
    printf("%d\n", m->nmocap);
    for (int i = 0; i < m->nbody; i++) printf("%s%d", i ? " " : "", m->body_mocapid[i]);
    endl();
  }
  mj_deleteModel(m);
  return 0;
}

static void print_state(const mjModel* m, const mjData* d, int step) {
  printf("%d", step); pnum(d->time); printf(" %d", d->ncon);
  pvec(d->qpos, m->nq); pvec(d->qvel, m->nv); endl();
  /* activations (only models with na > 0) as a comment line, so plain readers skip it */
  if (m->na > 0) { printf("#a %d", step); pvec(d->act, m->na); endl(); }
}

/* With --contacts: every contact of the state just printed, as a comment line
   "#c step i geom1 geom2 dist pos[3] frame[9] dim exclude". */
static void print_contacts(const mjModel* m, const mjData* d, int step) {
  for (int i = 0; i < d->ncon; i++) {
    const mjContact* c = d->contact + i;
    printf("#c %d %d %d %d", step, i, c->geom1, c->geom2);
    pnum(c->dist); pvec(c->pos, 3); pvec(c->frame, 9);
    printf(" %d %d\n", c->dim, c->exclude);
  }
}

/* With --sensors: the sensordata of the state just printed, "#s step nsensordata values...". */
static void print_sensors(const mjModel* m, const mjData* d, int step) {
  printf("#s %d %d", step, m->nsensordata);
  pvec(d->sensordata, m->nsensordata); endl();
}

/* With --wraps: each tendon's path as mj_tendon recorded it for drawing,
   "#w step tendon wrapadr wrapnum" followed by "obj x y z" per point. */
static void print_wraps(const mjModel* m, const mjData* d, int step) {
  for (int t = 0; t < m->ntendon; t++) {
    printf("#w %d %d %d %d", step, t, d->ten_wrapadr[t], d->ten_wrapnum[t]);
    for (int j = d->ten_wrapadr[t]; j < d->ten_wrapadr[t] + d->ten_wrapnum[t]; j++) {
      printf(" %d", d->wrap_obj[j]);
      pvec(d->wrap_xpos + 3 * j, 3);
    }
    endl();
  }
}

/* With --efc: the constraint rows of the state just printed, one "#e" line each. */
static void print_efc(const mjData* d, int step) {
  for (int i = 0; i < d->nefc; i++) {
    printf("#e %d %d %d %d", step, i, d->efc_type[i], d->efc_id[i]);
    pnum(d->efc_pos[i]); pnum(d->efc_margin[i]); pnum(d->efc_aref[i]); pnum(d->efc_R[i]); pnum(d->efc_D[i]);
    pnum(d->efc_force[i]); endl();
  }
}

/* Reads a ctrl schedule: nu numbers per data line, '#' lines and blank lines skipped.
   Returns the number of lines (at least 1) and the values in *out (lines * nu). */
static int read_ctrl_file(const char* file, int nu, double** out) {
  FILE* f = fopen(file, "r");
  if (!f) { fprintf(stderr, "mjref: cannot open %s\n", file); exit(2); }
  int cap = 256, n = 0;
  double* v = malloc(sizeof(double) * cap * (nu ? nu : 1));
  char line[8192];
  int lineno = 0;
  while (fgets(line, sizeof(line), f)) {
    lineno++;
    char* p = line;
    while (*p == ' ' || *p == '\t') p++;
    if (*p == '#' || *p == '\n' || *p == '\r' || *p == 0) continue;
    if (n == cap) { cap *= 2; v = realloc(v, sizeof(double) * cap * (nu ? nu : 1)); }
    int k = 0;
    for (char* t = strtok(p, " \t\r\n"); t; t = strtok(NULL, " \t\r\n"), k++) {
      if (k < nu) v[n * nu + k] = atof(t);
    }
    if (k != nu) {
      fprintf(stderr, "mjref: %s line %d has %d values, needs %d\n", file, lineno, k, nu);
      exit(2);
    }
    n++;
  }
  fclose(f);
  if (n == 0) { fprintf(stderr, "mjref: %s holds no ctrl line\n", file); exit(2); }
  *out = v;
  return n;
}

static int traj(const char* path, int argc, char** argv) {
  const char* key = NULL;
  const char* ctrl = NULL;
  const char* ctrl_file = NULL;
  double duration = -1;
  int every = 1, final_only = 0, ctrl_steps = 1, contacts = 0, sensors = 0, wraps = 0, efc = 0;
  double qvel_add = 0;
  int keyindex = -1;
  const char* mocap[64];
  int mocap_quat[64], nmocap_arg = 0;
  for (int i = 0; i < argc; i++) {
    if ((!strcmp(argv[i], "--mocap-pos") || !strcmp(argv[i], "--mocap-quat")) && i + 1 < argc && nmocap_arg < 64) {
      mocap_quat[nmocap_arg] = !strcmp(argv[i], "--mocap-quat");
      mocap[nmocap_arg++] = argv[++i];
      continue;
    }
    if (!strcmp(argv[i], "--key") && i + 1 < argc) key = argv[++i];
    else if (!strcmp(argv[i], "--keyid") && i + 1 < argc) keyindex = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--ctrl") && i + 1 < argc) ctrl = argv[++i];
    else if (!strcmp(argv[i], "--ctrl-file") && i + 1 < argc) ctrl_file = argv[++i];
    else if (!strcmp(argv[i], "--ctrl-steps") && i + 1 < argc) ctrl_steps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--duration") && i + 1 < argc) duration = atof(argv[++i]);
    else if (!strcmp(argv[i], "--every") && i + 1 < argc) every = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--final")) final_only = 1;
    else if (!strcmp(argv[i], "--contacts")) contacts = 1;
    else if (!strcmp(argv[i], "--sensors")) sensors = 1;
    else if (!strcmp(argv[i], "--wraps")) wraps = 1;
    else if (!strcmp(argv[i], "--efc")) efc = 1;
    else if (!strcmp(argv[i], "--qvel-add") && i + 1 < argc) qvel_add = atof(argv[++i]);
    else { fprintf(stderr, "mjref: unknown option %s\n", argv[i]); return 2; }
  }
  mjModel* m = load(path);
  mjData* d = mj_makeData(m);
  int keyid = -1;
  if (key) {
    keyid = mj_name2id(m, mjOBJ_KEY, key);
    if (keyid < 0) { fprintf(stderr, "mjref: no key %s\n", key); return 2; }
    mj_resetDataKeyframe(m, d, keyid);
  } else if (keyindex >= 0) {
    if (keyindex >= m->nkey) { fprintf(stderr, "mjref: no key number %d (nkey %d)\n", keyindex, m->nkey); return 2; }
    keyid = keyindex;
    mj_resetDataKeyframe(m, d, keyid);
  } else {
    mj_resetData(m, d);
  }
  for (int k = 0; k < nmocap_arg; k++) {
    char* buf = strdup(mocap[k]);
    char* name = strtok(buf, ",");
    int body = name ? mj_name2id(m, mjOBJ_BODY, name) : -1;
    int id = body >= 0 ? m->body_mocapid[body] : -1;
    if (id < 0) { fprintf(stderr, "mjref: %s is not a mocap body\n", name ? name : ""); return 2; }
    int len = mocap_quat[k] ? 4 : 3, n = 0;
    double* dst = mocap_quat[k] ? d->mocap_quat + 4*id : d->mocap_pos + 3*id;
    for (char* t = strtok(NULL, ","); t && n < len; t = strtok(NULL, ","), n++) dst[n] = atof(t);
    if (n != len) { fprintf(stderr, "mjref: --mocap-%s needs a body and %d values\n", len == 4 ? "quat" : "pos", len); return 2; }
    free(buf);
  }
  if (ctrl) {
    char* buf = strdup(ctrl);
    int n = 0;
    for (char* t = strtok(buf, ","); t && n < m->nu; t = strtok(NULL, ","), n++) d->ctrl[n] = atof(t);
    free(buf);
    if (n != m->nu) { fprintf(stderr, "mjref: --ctrl needs %d values\n", m->nu); return 2; }
  }
  for (int i = 0; i < m->nv; i++) d->qvel[i] += qvel_add;
  if (ctrl && ctrl_file) { fprintf(stderr, "mjref: give --ctrl or --ctrl-file, not both\n"); return 2; }
  if (ctrl_steps < 1) { fprintf(stderr, "mjref: --ctrl-steps must be at least 1\n"); return 2; }
  double* sched = NULL;
  int nlines = 0;
  if (ctrl_file) {
    nlines = read_ctrl_file(ctrl_file, m->nu, &sched);
    mju_copy(d->ctrl, sched, m->nu);  // the state printed as step 0 carries the first line
  }
  // without --duration: the whole schedule, or 1 s
  int nsteps = duration >= 0 ? (int)floor(duration / m->opt.timestep + 0.5)
                             : ctrl_file ? nlines * ctrl_steps : (int)floor(1.0 / m->opt.timestep + 0.5);
  double* q0 = malloc(sizeof(double) * (m->nq ? m->nq : 1));
  mju_copy(q0, d->qpos, m->nq);
  double* qdev = calloc(m->nq ? m->nq : 1, sizeof(double));

  printf("# trajectory of %s\n", basename_of(path));
  print_options(m);
  printf("# start: %s%s, ctrl:", key ? "keyframe " : "qpos0 (mj_resetData)", key ? key : "");
  pvec(d->ctrl, m->nu); endl();
  for (int k = 0; k < nmocap_arg; k++) printf("# mocap %s %s\n", mocap_quat[k] ? "quat" : "pos", mocap[k]);
  if (ctrl_file) {
    printf("# ctrl schedule %s: %d lines of %d values, each held for %d steps"
           " (line k drives steps k*%d+1 .. (k+1)*%d; the last line is held after the end)\n",
           basename_of(ctrl_file), nlines, m->nu, ctrl_steps, ctrl_steps, ctrl_steps);
  }
  printf("# steps %d (duration %.17g s), printed: %s\n", nsteps, nsteps * m->opt.timestep,
         final_only ? "initial state and final state only" : "initial state and every N-th step");
  printf("# every %d\n", every);
  printf("# sizes: nq %d nv %d nu %d na %d\n", m->nq, m->nv, m->nu, m->na);
  printf("# columns: step time ncon qpos[%d] qvel[%d]\n", m->nq, m->nv);
  if (qvel_add != 0) printf("# qvel-add %.17g\n", qvel_add);
  if (sensors) {
    for (int i = 0; i < m->nsensor; i++) {
      const char* nm = mj_id2name(m, mjOBJ_SENSOR, i);
      printf("# sensor %d %d %d %d %s\n", i, m->sensor_type[i], m->sensor_dim[i], m->sensor_adr[i], nm ? nm : "");
    }
  }

  int maxcon = 0;
  mj_forward(m, d);  // ncon of the initial state
  maxcon = d->ncon;
  print_state(m, d, 0);
  if (contacts) print_contacts(m, d, 0);
  if (sensors) print_sensors(m, d, 0);
  if (wraps) print_wraps(m, d, 0);
  if (efc) print_efc(d, 0);
  for (int s = 1; s <= nsteps; s++) {
    if (ctrl_file) {
      int line = (s - 1) / ctrl_steps;
      mju_copy(d->ctrl, sched + m->nu * (line < nlines ? line : nlines - 1), m->nu);
    }
    mj_step(m, d);
    if (d->ncon > maxcon) maxcon = d->ncon;
    for (int i = 0; i < m->nq; i++) {
      double dev = fabs(d->qpos[i] - q0[i]);
      if (dev > qdev[i]) qdev[i] = dev;
    }
    if ((!final_only && s % every == 0) || s == nsteps) {
      if (!final_only || s == nsteps) {
        print_state(m, d, s);
        if (contacts) print_contacts(m, d, s);
        if (sensors) print_sensors(m, d, s);
        if (wraps) print_wraps(m, d, s);
        if (efc) print_efc(d, s);
      }
    }
  }
  mj_forward(m, d);  // positions/contacts consistent with the final qpos for the summary
  printf("# summary\n");
  printf("# max_ncon %d (contacts %s)\n", maxcon, maxcon ? "occurred" : "never occurred");
  int nwarn = 0;
  for (int i = 0; i < mjNWARNING; i++) nwarn += d->warning[i].number;
  printf("# warnings %d\n", nwarn);
  for (int j = 0; j < m->njnt; j++) {
    int a = m->jnt_qposadr[j];
    const char* nm = mj_id2name(m, mjOBJ_JOINT, j);
    if (m->jnt_type[j] == mjJNT_HINGE || m->jnt_type[j] == mjJNT_SLIDE) {
      printf("# joint %s final %.17g start %.17g delta %.17g maxdev %.17g\n", nm ? nm : "",
             d->qpos[a], q0[a], d->qpos[a] - q0[a], qdev[a]);
    } else if (m->jnt_type[j] == mjJNT_FREE) {
      printf("# free %s final pos %.17g %.17g %.17g quat %.17g %.17g %.17g %.17g\n", nm ? nm : "",
             d->qpos[a], d->qpos[a+1], d->qpos[a+2], d->qpos[a+3], d->qpos[a+4], d->qpos[a+5],
             d->qpos[a+6]);
    }
  }
  for (int i = 0; i < m->nsite; i++) {
    const char* nm = mj_id2name(m, mjOBJ_SITE, i);
    printf("# site %s final xpos %.17g %.17g %.17g\n", nm ? nm : "", d->site_xpos[3*i],
           d->site_xpos[3*i+1], d->site_xpos[3*i+2]);
  }
  for (int i = 0; i < d->ncon; i++) {
    const mjContact* c = d->contact + i;
    const char* g1 = mj_id2name(m, mjOBJ_GEOM, c->geom1);
    const char* g2 = mj_id2name(m, mjOBJ_GEOM, c->geom2);
    printf("# contact %d geoms %d(%s) %d(%s) dist %.17g pos %.17g %.17g %.17g\n", i, c->geom1,
           g1 ? g1 : "", c->geom2, g2 ? g2 : "", c->dist, c->pos[0], c->pos[1], c->pos[2]);
  }
  free(q0);
  free(qdev);
  free(sched);
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}

/* CPU time of this process in seconds. */
static double cpu_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* MuJoCo's stage timers read this clock (milliseconds). */
static mjtNum timer_ms(void) { return 1e3 * cpu_seconds(); }

static int bench(const char* path, int argc, char** argv) {
  const char* key = NULL;
  int steps = 1000, rounds = 1, keyindex = -1;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--key") && i + 1 < argc) key = argv[++i];
    else if (!strcmp(argv[i], "--keyid") && i + 1 < argc) keyindex = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--steps") && i + 1 < argc) steps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = atoi(argv[++i]);
    else { fprintf(stderr, "mjref: unknown option %s\n", argv[i]); return 2; }
  }
  mjModel* m = load(path);
  if (!m) return 1;
  mjData* d = mj_makeData(m);
  int k = key ? mj_name2id(m, mjOBJ_KEY, key) : -1;
  if (key && k < 0) { fprintf(stderr, "mjref: no keyframe %s\n", key); return 1; }
  if (!key && keyindex >= 0) {
    if (keyindex >= m->nkey) { fprintf(stderr, "mjref: no key number %d (nkey %d)\n", keyindex, m->nkey); return 1; }
    k = keyindex;
  }
  printf("# bench of %s: %d steps per round\n# columns: round cpu_seconds ncon\n", basename_of(path), steps);
  for (int r = 0; r < rounds; r++) {
    if (k >= 0) mj_resetDataKeyframe(m, d, k); else mj_resetData(m, d);
    if (r == rounds - 1) mjcb_time = timer_ms;  /* stage timers only in the last round */
    double t0 = cpu_seconds();
    for (int s = 0; s < steps; s++) mj_step(m, d);
    double t = cpu_seconds() - t0;
    mjcb_time = NULL;
    printf("%d %.9g %d\n", r, t, d->ncon);
  }
  const char* names[] = {"step", "forward", "inverse", "position", "velocity", "actuation", "acceleration",
                         "constraint", "pos_kinematics", "pos_inertia", "pos_collision", "pos_make", "pos_project"};
  double total = d->timer[mjTIMER_STEP].duration;
  for (int i = 0; i < mjNTIMER && i < 13; i++) {
    printf("# timer %s %.6g ms (%.1f %%)\n", names[i], d->timer[i].duration, total > 0 ? 100 * d->timer[i].duration / total : 0);
  }
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}

static const char* name_of(const mjModel* m, int type, int id) {
  const char* nm = mj_id2name(m, type, id);
  return nm && nm[0] ? nm : "-";
}

static int names(const char* path) {
  mjModel* m = load(path);
  printf("# names of %s\n", basename_of(path));
  printf("# sizes: nbody njnt ngeom nsite ntendon nwrap neq nexclude\n");
  printf("%d %d %d %d %d %d %d %d\n", m->nbody, m->njnt, m->ngeom, m->nsite, m->ntendon, m->nwrap, m->neq, m->nexclude);
  for (int i = 0; i < m->nbody; i++) printf("body %s\n", name_of(m, mjOBJ_BODY, i));
  for (int i = 0; i < m->njnt; i++) printf("joint %s\n", name_of(m, mjOBJ_JOINT, i));
  printf("# geom name contype conaffinity condim priority group solmix friction[3] solref[2] solimp[5] margin gap rgba[4]\n");
  for (int i = 0; i < m->ngeom; i++) {
    printf("geom %s %d %d %d %d %d", name_of(m, mjOBJ_GEOM, i), m->geom_contype[i], m->geom_conaffinity[i],
           m->geom_condim[i], m->geom_priority[i], m->geom_group[i]);
    pnum(m->geom_solmix[i]); pvec(m->geom_friction + 3*i, 3); pvec(m->geom_solref + mjNREF*i, mjNREF);
    pvec(m->geom_solimp + mjNIMP*i, mjNIMP); pnum(m->geom_margin[i]); pnum(m->geom_gap[i]);
    for (int k = 0; k < 4; k++) pnum(m->geom_rgba[4*i + k]);
    endl();
  }
  printf("# site name bodyid size[3] pos[3]\n");
  for (int i = 0; i < m->nsite; i++) {
    printf("site %s %d", name_of(m, mjOBJ_SITE, i), m->site_bodyid[i]);
    pvec(m->site_size + 3*i, 3); pvec(m->site_pos + 3*i, 3); endl();
  }
  printf("# tendon name limited range[2] stiffness damping frictionloss margin length0 solref[2] solimp[5] wraps: (type objid prm)...\n");
  for (int i = 0; i < m->ntendon; i++) {
    printf("tendon %s %d", name_of(m, mjOBJ_TENDON, i), m->tendon_limited[i]);
    pvec(m->tendon_range + 2*i, 2); pnum(m->tendon_stiffness[i]); pnum(m->tendon_damping[i]);
    pnum(m->tendon_frictionloss[i]); pnum(m->tendon_margin[i]); pnum(m->tendon_length0[i]);
    pvec(m->tendon_solref_lim + mjNREF*i, mjNREF); pvec(m->tendon_solimp_lim + mjNIMP*i, mjNIMP);
    for (int w = m->tendon_adr[i]; w < m->tendon_adr[i] + m->tendon_num[i]; w++) {
      printf(" %d %d", m->wrap_type[w], m->wrap_objid[w]); pnum(m->wrap_prm[w]);
    }
    endl();
  }
  for (int i = 0; i < m->neq; i++) {
    printf("equality %s %d %d %d\n", name_of(m, mjOBJ_EQUALITY, i), m->eq_type[i], m->eq_obj1id[i], m->eq_obj2id[i]);
  }
  for (int i = 0; i < m->nexclude; i++) printf("exclude %d %d\n", (m->exclude_signature[i] >> 16) - 1, (m->exclude_signature[i] & 0xFFFF) - 1);
  mj_deleteModel(m);
  return 0;
}

static void pfloats(const char* label, const float* v, int n) {
  printf("%s", label);
  for (int i = 0; i < n; i++) pnum(v[i]);
  endl();
}

/* exported by libmujoco 2.2.2, not declared in its headers */
void mjv_updateActiveSkin(const mjModel* m, mjData* d, mjvScene* scn, const mjvOption* opt);

static int skins(const char* path, int argc, char** argv) {
  double perturb = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--perturb") && i + 1 < argc) perturb = atof(argv[++i]);
    else { fprintf(stderr, "mjref: unknown option %s\n", argv[i]); return 2; }
  }
  mjModel* m = load(path);
  mjData* d = mj_makeData(m);
  for (int i = 0; i < m->nq; i++) d->qpos[i] += perturb * sin(i + 1);
  mj_forward(m, d);
  mjvScene scn;
  mjvOption opt;
  mjv_defaultScene(&scn);
  mjv_makeScene(m, &scn, 100);
  mjv_defaultOption(&opt);
  for (int g = 0; g < mjNGROUP; g++) opt.skingroup[g] = 1;
  mjv_updateActiveSkin(m, d, &scn, &opt);
  printf("# skins of %s\n", basename_of(path));
  printf("# sizes: nskin nskinvert nskintexvert nskinface nskinbone nskinbonevert\n");
  printf("%d %d %d %d %d %d\n", m->nskin, m->nskinvert, m->nskintexvert, m->nskinface, m->nskinbone, m->nskinbonevert);
  for (int i = 0; i < m->nskin; i++) {
    printf("skin %s %d %d", name_of(m, mjOBJ_SKIN, i), m->skin_matid[i], m->skin_group[i]);
    pnum(m->skin_inflate[i]);
    for (int k = 0; k < 4; k++) pnum(m->skin_rgba[4*i + k]);
    printf(" %d %d %d %d\n", m->skin_vertnum[i], m->skin_texcoordadr[i], m->skin_facenum[i], m->skin_bonenum[i]);
    pfloats("vert", m->skin_vert + 3*m->skin_vertadr[i], 3*m->skin_vertnum[i]);
    if (m->skin_texcoordadr[i] >= 0) pfloats("texcoord", m->skin_texcoord + 2*m->skin_texcoordadr[i], 2*m->skin_vertnum[i]);
    printf("face");
    for (int k = 0; k < 3*m->skin_facenum[i]; k++) printf(" %d", m->skin_face[3*m->skin_faceadr[i] + k]);
    endl();
    for (int j = m->skin_boneadr[i]; j < m->skin_boneadr[i] + m->skin_bonenum[i]; j++) {
      printf("bone %d", m->skin_bonebodyid[j]);
      for (int k = 0; k < 3; k++) pnum(m->skin_bonebindpos[3*j + k]);
      for (int k = 0; k < 4; k++) pnum(m->skin_bonebindquat[4*j + k]);
      for (int k = m->skin_bonevertadr[j]; k < m->skin_bonevertadr[j] + m->skin_bonevertnum[j]; k++) {
        printf(" %d", m->skin_bonevertid[k]); pnum(m->skin_bonevertweight[k]);
      }
      endl();
    }
    for (int k = m->skin_vertadr[i]; k < m->skin_vertadr[i] + m->skin_vertnum[i]; k++) {
      printf("posed");
      for (int c = 0; c < 3; c++) pnum(scn.skinvert[3*k + c]);
      for (int c = 0; c < 3; c++) pnum(scn.skinnormal[3*k + c]);
      endl();
    }
  }
  mjv_freeScene(&scn);
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}

int main(int argc, char** argv) {
  if (argc >= 3 && !strcmp(argv[1], "layout")) return layout(argv[2]);
  if (argc >= 3 && !strcmp(argv[1], "traj")) return traj(argv[2], argc - 3, argv + 3);
  if (argc >= 3 && !strcmp(argv[1], "names")) return names(argv[2]);
  if (argc >= 3 && !strcmp(argv[1], "skins")) return skins(argv[2], argc - 3, argv + 3);
  if (argc >= 3 && !strcmp(argv[1], "bench")) return bench(argv[2], argc - 3, argv + 3);
  fprintf(stderr,
          "usage: mjref layout <model.xml>\n"
          "       mjref traj <model.xml> [--key NAME] [--ctrl c0,c1,...] [--ctrl-file FILE]"
          " [--ctrl-steps K] [--duration S] [--every N] [--final]\n"
          "       mjref names <model.xml>\n"
          "       mjref skins <model.xml> [--perturb A]\n"
          "       mjref bench <model.xml> [--key NAME] [--steps N] [--rounds R]\n");
  return 2;
}
