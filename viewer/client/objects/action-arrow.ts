/**
 * A candidate action drawn where the tool touches (world metres): push and sweep as an arrow at
 * the tool's contact height, pick-and-place as an arrow from the grasp just above the table to the
 * place point, and a fling as its two grasp points joined by the grasp line, with an arc over the
 * table to where the cloth is laid (the fling lifts, swings away from the robot, lays back).
 * Everything is drawn over the scene, so a move is never hidden by the object.
 */
import * as THREE from 'three';
import type { Action } from '../../../sim/types.ts';
import type { SceneInfo } from '../../protocol/index.ts';

export const CANDIDATE_COLORS = [0xe8590c, 0x1c7ed6, 0x37b24d, 0xae3ec9, 0xf59f00, 0x0ca678, 0xd6336c, 0x495057];

/** Height of a pick-and-place arrow above the table, metres (about the grasp height of rope and cloth). */
const PICK_HEIGHT = 0.012;
/** The fling's forward swing minus its lay-back, metres (sim/primitives/fling.ts FLING.forward − FLING.back). */
const FLING_LAY_OFFSET = -0.18;
/** Distance of a number tag behind the start of its arrow, metres. */
const TAG_BACK_OFFSET = 0.03;
/** Shortest and longest grasp spread of a fling, metres (FLING.minSpread, FLING.maxSpread). */
const FLING_MIN_SPREAD = 0.05;
const FLING_MAX_SPREAD = 0.32;
/** Peak of the fling arc above the table, metres (drawn lower than the real 0.36 m lift to stay in frame). */
const FLING_ARC_HEIGHT = 0.12;

interface Glyph {
  object: THREE.Object3D;
  dispose(): void;
}

/** Disposes what the glyph builders allocate. */
class Parts {
  readonly group = new THREE.Group();
  readonly #geometries: THREE.BufferGeometry[] = [];
  readonly #materials: THREE.Material[] = [];
  readonly #textures: THREE.Texture[] = [];

  constructor(readonly material: THREE.MeshBasicMaterial) {
    this.#materials.push(material);
  }

  mesh(geometry: THREE.BufferGeometry, at: THREE.Vector3, material: THREE.Material = this.material): THREE.Mesh {
    this.#geometries.push(geometry);
    const m = new THREE.Mesh(geometry, material);
    m.position.copy(at);
    m.renderOrder = 9;
    this.group.add(m);
    return m;
  }

  own(t: THREE.Texture, m: THREE.Material): void {
    this.#textures.push(t);
    this.#materials.push(m);
  }

  dispose(): void {
    for (const g of this.#geometries) g.dispose();
    for (const m of this.#materials) m.dispose();
    for (const t of this.#textures) t.dispose();
  }
}

/** Shaft and head from `from` to `to`. */
function arrow(parts: Parts, from: THREE.Vector3, to: THREE.Vector3): void {
  const dir = to.clone().sub(from);
  const len = Math.max(dir.length(), 1e-3);
  const unit = dir.clone().normalize();
  const headLen = Math.min(0.035, len * 0.45);
  const shaft = parts.mesh(
    new THREE.CylinderGeometry(0.0035, 0.0035, Math.max(len - headLen, 1e-3), 10).rotateX(Math.PI / 2),
    from.clone().addScaledVector(unit, (len - headLen) / 2),
  );
  const head = parts.mesh(
    new THREE.ConeGeometry(0.012, headLen, 14).rotateX(Math.PI / 2),
    from.clone().addScaledVector(unit, len - headLen / 2),
  );
  shaft.lookAt(shaft.position.clone().add(unit));
  head.lookAt(head.position.clone().add(unit));
}

function dot(parts: Parts, at: THREE.Vector3, radius = 0.007): void {
  parts.mesh(new THREE.SphereGeometry(radius, 12, 8), at);
}

/** A tube along `points` ending in an arrow head. */
function pathArrow(parts: Parts, points: THREE.Vector3[]): void {
  const curve = new THREE.CatmullRomCurve3(points);
  parts.mesh(new THREE.TubeGeometry(curve, 32, 0.0025, 8, false), new THREE.Vector3());
  const end = points[points.length - 1];
  const tangent = curve.getTangent(1).normalize();
  const head = parts.mesh(
    new THREE.ConeGeometry(0.01, 0.028, 14).rotateX(Math.PI / 2),
    end.clone().addScaledVector(tangent, -0.014),
  );
  head.lookAt(head.position.clone().add(tangent));
}

/** Grasp points, grasp line and the arc to the lay line, following sim/primitives/fling.ts. */
function flingGlyph(parts: Parts, a: Action): THREE.Vector3 {
  const z = PICK_HEIGHT;
  const left = new THREE.Vector3(a.p0[0], a.p0[1], z),
    right = new THREE.Vector3(a.p1[0], a.p1[1], z);
  dot(parts, left, 0.009);
  dot(parts, right, 0.009);
  const line = right.clone().sub(left);
  const len = line.length();
  if (len > 1e-3) {
    const bar = parts.mesh(
      new THREE.CylinderGeometry(0.002, 0.002, len, 8).rotateX(Math.PI / 2),
      left.clone().add(right).multiplyScalar(0.5),
    );
    bar.lookAt(right);
  }
  // The swing is along the grasp line's normal pointing away from the robot (+y); the cloth is laid
  // around the workspace centre, offset by forward − back along that normal.
  let nx = len > 1e-3 ? -line.y / len : 0,
    ny = len > 1e-3 ? line.x / len : 1;
  if (ny < 0) {
    nx = -nx;
    ny = -ny;
  }
  const mid = left.clone().add(right).multiplyScalar(0.5);
  const lay = new THREE.Vector3(FLING_LAY_OFFSET * nx, FLING_LAY_OFFSET * ny, z);
  const top = mid.clone().lerp(lay, 0.5).setZ(FLING_ARC_HEIGHT);
  pathArrow(parts, [mid, top, lay]);
  // Where the grasped edge is laid: the grasp line, clamped to the fling's spread, at the lay point.
  if (len > 1e-3) {
    const half = Math.min(FLING_MAX_SPREAD, Math.max(FLING_MIN_SPREAD, len)) / 2;
    const u = line.clone().divideScalar(len);
    const laid = parts.mesh(new THREE.CylinderGeometry(0.002, 0.002, 2 * half, 8).rotateX(Math.PI / 2), lay);
    laid.lookAt(lay.clone().add(u));
  }
  return left;
}

/** A number tag above `at`. */
function tag(parts: Parts, text: string, color: number, at: THREE.Vector3): void {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = `#${color.toString(16).padStart(6, '0')}`;
  ctx.beginPath();
  ctx.arc(32, 32, 30, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#fff';
  ctx.font = 'bold 40px sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 32, 34);
  const texture = new THREE.CanvasTexture(canvas);
  const material = new THREE.SpriteMaterial({ map: texture, depthTest: false });
  parts.own(texture, material);
  const sprite = new THREE.Sprite(material);
  sprite.scale.set(0.035, 0.035, 1);
  sprite.position.copy(at).add(new THREE.Vector3(0, 0, 0.03));
  sprite.renderOrder = 10;
  parts.group.add(sprite);
}

/** Height at which the tool of `a` touches, metres. */
export function contactHeight(a: Action, info: SceneInfo): number {
  if (a.primitive === 'push') return info.tools.pusher[1];
  if (a.primitive === 'sweep') return info.tools.wiper[2];
  return PICK_HEIGHT;
}

export function makeActionArrow(a: Action, info: SceneInfo, color: number, label: string | null): Glyph {
  const parts = new Parts(new THREE.MeshBasicMaterial({ color, depthTest: false, transparent: true, opacity: 0.9 }));
  let tagAt: THREE.Vector3;
  if (a.primitive === 'fling') {
    tagAt = flingGlyph(parts, a);
  } else {
    const z = contactHeight(a, info);
    const from = new THREE.Vector3(a.p0[0], a.p0[1], z),
      to = new THREE.Vector3(a.p1[0], a.p1[1], z);
    arrow(parts, from, to);
    dot(parts, from);
    // Tags sit behind the start, against the motion: starts cluster round the object, and moving
    // each tag back along its own arrow spreads them apart.
    const back = from.clone().sub(to).setZ(0);
    tagAt = back.lengthSq() > 1e-8 ? from.clone().addScaledVector(back.normalize(), TAG_BACK_OFFSET) : from;
  }
  if (label !== null) tag(parts, label, color, tagAt);
  return { object: parts.group, dispose: () => parts.dispose() };
}
