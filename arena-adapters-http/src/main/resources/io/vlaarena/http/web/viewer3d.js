// The interactive 3D replay: three.js draws the scene's geoms at the body poses the server
// computed with the simulator's own kinematics (no kinematics here: poses are only placed, and
// interpolated between steps while playing). Orbit with the mouse or a finger, zoom with the wheel.
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const PI = Math.PI;

function floats(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

function ints(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Uint32Array(bytes.buffer);
}

function srgb(v) {
  return new THREE.Color().setRGB(v[0], v[1], v[2], THREE.SRGBColorSpace);
}

/** MuJoCo's builtin checker: tiles of 2 × 2 squares, with an optional edge line. */
function checkerTexture(checker, width, height) {
  const n = 128;
  const data = new Uint8Array(n * n * 4);
  const c1 = checker.rgb1.map((x) => Math.round(255 * x));
  const c2 = checker.rgb2.map((x) => Math.round(255 * x));
  const mark = checker.mark ? checker.mark.map((x) => Math.round(255 * x)) : null;
  const line = mark ? Math.max(1, Math.round(checker.mark_width * n / 2)) : 0;
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const edge = mark && (x < line || y < line || x >= n - line || y >= n - line);
      const c = edge ? mark : ((x < n / 2) === (y < n / 2) ? c1 : c2);
      data.set([c[0], c[1], c[2], 255], 4 * (y * n + x));
    }
  }
  const tex = new THREE.DataTexture(data, n, n, THREE.RGBAFormat);
  tex.colorSpace = THREE.SRGBColorSpace;
  tex.wrapS = tex.wrapT = THREE.RepeatWrapping;
  tex.magFilter = THREE.LinearFilter;
  tex.minFilter = THREE.LinearMipmapLinearFilter;
  tex.generateMipmaps = true;
  tex.repeat.set(width * checker.tiles_per_metre[0], height * checker.tiles_per_metre[1]);
  tex.needsUpdate = true;
  return tex;
}

function skyTexture(sky) {
  const n = 64;
  const data = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    // row 0 is the bottom of the screen
    const u = i / (n - 1);
    const [a, b, k] = u < 0.45 ? [sky.bottom, sky.horizon, u / 0.45] : [sky.horizon, sky.top, (u - 0.45) / 0.55];
    for (let c = 0; c < 3; c++) data[4 * i + c] = Math.round(255 * (a[c] + (b[c] - a[c]) * k));
    data[4 * i + 3] = 255;
  }
  const tex = new THREE.DataTexture(data, 1, n, THREE.RGBAFormat);
  tex.colorSpace = THREE.SRGBColorSpace;
  tex.magFilter = THREE.LinearFilter;
  tex.needsUpdate = true;
  return tex;
}

function shapeGeometry(g, meshes) {
  const s = g.size;
  switch (g.type) {
    case 'sphere': return new THREE.SphereGeometry(s[0], 40, 20);
    case 'ellipsoid': return new THREE.SphereGeometry(1, 40, 20).scale(s[0], s[1], s[2]);
    case 'box': return new THREE.BoxGeometry(2 * s[0], 2 * s[1], 2 * s[2]);
    case 'capsule': return new THREE.CapsuleGeometry(s[0], 2 * s[1], 10, 32).rotateX(PI / 2);
    case 'cylinder': return new THREE.CylinderGeometry(s[0], s[0], 2 * s[1], 40).rotateX(PI / 2);
    case 'mesh': {
      const m = meshes[g.mesh];
      const geo = new THREE.BufferGeometry();
      geo.setAttribute('position', new THREE.BufferAttribute(m.positions, 3));
      geo.setIndex(new THREE.BufferAttribute(m.indices, 1));
      const flat = geo.toNonIndexed();
      flat.computeVertexNormals();
      geo.dispose();
      return flat;
    }
    default: return null;
  }
}

export class Viewer3D {
  /** `software`: WebGL runs on the CPU, so draw fewer pixels and at most ~12 frames a second while playing. */
  constructor(stage, scene, replay, software = false) {
    this.software = software;
    this.lastDraw = 0;
    this.stage = stage;
    this.replay = replay;
    this.poses = floats(replay.poses);
    this.bodyCount = replay.body_count;
    this.frameCount = replay.frame_count;
    this.disposables = [];
    this.listeners = [];

    const canvas = document.createElement('canvas');
    canvas.className = 'replay-canvas';
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `3D replay of model ${replay.side === 'left' ? 'A' : 'B'}; drag to orbit, scroll to zoom`);
    canvas.tabIndex = 0;
    stage.replaceChildren(canvas);
    this.canvas = canvas;
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: !software, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(software ? 1 : Math.min(2, window.devicePixelRatio || 1));
    this.renderer.shadowMap.enabled = true;
    this.renderer.shadowMap.type = THREE.PCFSoftShadowMap;
    this.renderer.toneMapping = THREE.NeutralToneMapping;

    this.scene = new THREE.Scene();
    this.scene.background = this.track(skyTexture(scene.sky));
    const v = scene.view;
    this.camera = new THREE.PerspectiveCamera(v.fovy, 4 / 3, 0.01, 200);
    this.camera.up.set(0, 0, 1);
    const az = v.azimuth * PI / 180, el = v.elevation * PI / 180;
    const f = new THREE.Vector3(Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el));
    const lookat = new THREE.Vector3(...v.lookat);
    this.home = { position: lookat.clone().addScaledVector(f, -v.distance), target: lookat.clone() };
    this.camera.position.copy(this.home.position);
    this.scene.add(this.camera);

    // MuJoCo's headlight (ambient 0.1, diffuse 0.4 along the view) plus the scene's lights; three.js
    // divides diffuse light by pi, so intensities are scaled by pi to match MuJoCo's brightness.
    this.scene.add(new THREE.AmbientLight(0xffffff, 0.1 * PI));
    const head = new THREE.DirectionalLight(0xffffff, 0.4 * PI);
    head.position.set(0, 0, 0);
    head.target.position.set(0, 0, -1);
    this.camera.add(head, head.target);
    let shadowCast = false;
    for (const l of scene.lights) {
      const color = srgb(l.diffuse);
      let light;
      if (l.directional) {
        light = new THREE.DirectionalLight(color, PI);
        const dir = new THREE.Vector3(...l.dir).normalize();
        light.target.position.copy(lookat);
        light.position.copy(lookat).addScaledVector(dir, -6);
      } else {
        light = new THREE.SpotLight(color, PI, 0, PI / 4, 0.4, 0);
        light.position.set(...l.pos);
        light.target.position.set(l.pos[0] + l.dir[0], l.pos[1] + l.dir[1], l.pos[2] + l.dir[2]);
      }
      if (l.cast_shadow && !shadowCast) {
        shadowCast = true;
        light.castShadow = true;
        light.shadow.mapSize.set(software ? 1024 : 2048, software ? 1024 : 2048);
        light.shadow.bias = -0.0005;
        light.shadow.normalBias = 0.01;
        if (l.directional) {
          const r = Math.max(1.5, v.distance);
          Object.assign(light.shadow.camera, { left: -r, right: r, top: r, bottom: -r, near: 0.1, far: 14 });
        }
      }
      this.scene.add(light, light.target);
    }

    const meshes = scene.meshes.map((m) => ({ positions: floats(m.vertices), indices: ints(m.faces) }));
    this.bodies = [];
    for (let b = 0; b < this.bodyCount; b++) {
      const group = new THREE.Group();
      group.matrixAutoUpdate = true;
      this.scene.add(group);
      this.bodies.push(group);
    }
    for (const g of scene.geoms) {
      const object = this.geom(g, meshes);
      if (!object) continue;
      object.position.set(...g.pos);
      object.quaternion.set(g.quat[1], g.quat[2], g.quat[3], g.quat[0]);
      (g.body >= 0 ? this.bodies[g.body] : this.scene).add(object);
    }

    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.target.copy(this.home.target);
    this.controls.enableDamping = false;
    this.controls.minDistance = 0.2;
    this.controls.maxDistance = 20;
    this.controls.update();
    this.onControls = () => {
      this.draw();
      for (const fn of this.listeners) fn(this);
    };
    this.controls.addEventListener('change', this.onControls);
    this.resizer = new ResizeObserver(() => this.resize());
    this.resizer.observe(stage);
    this.resize();
    this.t = 0;
    this.qa = new THREE.Quaternion();
    this.qb = new THREE.Quaternion();
  }

  track(resource) {
    this.disposables.push(resource);
    return resource;
  }

  geom(g, meshes) {
    const rgba = g.rgba;
    const materialOptions = {
      color: srgb(rgba),
      specular: new THREE.Color(g.specular * g.specular, g.specular * g.specular, g.specular * g.specular),
      shininess: Math.max(1, 128 * g.shininess),
      transparent: rgba[3] < 1,
      opacity: rgba[3],
      flatShading: g.type === 'mesh',
    };
    if (g.type === 'plane') {
      const infinite = g.size[0] <= 0 || g.size[1] <= 0;
      const w = infinite ? 60 : 2 * g.size[0], h = infinite ? 60 : 2 * g.size[1];
      if (g.checker) {
        materialOptions.map = this.track(checkerTexture(g.checker, w, h));
        materialOptions.color = new THREE.Color(1, 1, 1);
      }
      const mesh = new THREE.Mesh(this.track(new THREE.PlaneGeometry(w, h)), this.track(new THREE.MeshPhongMaterial(materialOptions)));
      mesh.receiveShadow = true;
      return mesh;
    }
    const geometry = shapeGeometry(g, meshes);
    if (!geometry) return null;
    const mesh = new THREE.Mesh(this.track(geometry), this.track(new THREE.MeshPhongMaterial(materialOptions)));
    mesh.castShadow = true;
    mesh.receiveShadow = true;
    return mesh;
  }

  resize() {
    const w = Math.max(1, this.stage.clientWidth), h = Math.max(1, Math.round(w * 3 / 4));
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.draw();
  }

  async first() {
    this.show(0);
  }

  isReady() {
    return true;
  }

  /** Shows fractional step t: body poses interpolated between the two stored steps around it. */
  show(t) {
    const now = performance.now();
    if (this.software && t !== Math.floor(t) && now - this.lastDraw < 80) return Math.min(Math.floor(this.t), this.frameCount - 1);
    this.t = t;
    const last = this.frameCount - 1;
    const i = Math.min(Math.floor(t), last), j = Math.min(i + 1, last), k = t - i;
    const p = this.poses, n = this.bodyCount;
    for (let b = 0; b < n; b++) {
      const a = 7 * (i * n + b), c = 7 * (j * n + b);
      const body = this.bodies[b];
      body.position.set(p[a] + (p[c] - p[a]) * k, p[a + 1] + (p[c + 1] - p[a + 1]) * k, p[a + 2] + (p[c + 2] - p[a + 2]) * k);
      this.qa.set(p[a + 4], p[a + 5], p[a + 6], p[a + 3]);
      this.qb.set(p[c + 4], p[c + 5], p[c + 6], p[c + 3]);
      body.quaternion.slerpQuaternions(this.qa, this.qb, k);
    }
    this.draw();
    return i;
  }

  draw() {
    this.lastDraw = performance.now();
    this.renderer.render(this.scene, this.camera);
  }

  onCameraChange(fn) {
    this.listeners.push(fn);
  }

  /** Moves the camera to another viewer's, without echoing the change back. */
  follow(other) {
    this.camera.position.copy(other.camera.position);
    this.controls.target.copy(other.controls.target);
    this.controls.removeEventListener('change', this.onControls);
    this.controls.update();
    this.controls.addEventListener('change', this.onControls);
    this.draw();
  }

  resetView() {
    this.camera.position.copy(this.home.position);
    this.controls.target.copy(this.home.target);
    this.controls.update();
  }

  destroy() {
    this.resizer.disconnect();
    this.controls.removeEventListener('change', this.onControls);
    this.controls.dispose();
    for (const d of this.disposables) d.dispose();
    this.renderer.dispose();
    this.renderer.forceContextLoss();
  }
}

/** Orbiting or zooming one view moves the other the same way, so both are compared from one viewpoint. */
export function linkCameras(a, b) {
  a.onCameraChange(() => b.follow(a));
  b.onCameraChange(() => a.follow(b));
}
