/**
 * One WebGL renderer drawing every panel of a flow into its own rectangle (scissor), so eight
 * previews cost one context. Each panel has a camera and OrbitControls on its DOM element;
 * cameras are linked (moving one moves all) until unlinked.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { SceneView } from './objects/scene-view.ts';
import { chooseRenderQuality, type RenderQuality } from './render-quality.ts';

/** Vertical field of view of a square panel, degrees. */
const BASE_FOV = 40;
/** Direction from the look-at point to the default eye (front, above). */
const VIEW_DIR = new THREE.Vector3(0, -0.55, 1.3).normalize();
/** Smallest half-extent framed, metres (a 2 cm box would fill the panel with one granule). */
const MIN_HALF = 0.09;
/** Framed half-extent ÷ box half-extent: room around the object for shadows and arrow heads. */
const MARGIN = 1.12;

export interface Panel {
  element: HTMLElement;
  view: SceneView;
  camera: THREE.PerspectiveCamera;
  controls: OrbitControls;
  /** Viewport in canvas pixels, refreshed on layout changes only. */
  rect: { x: number; y: number; w: number; h: number };
}

export class Stage {
  readonly renderer: THREE.WebGLRenderer;
  readonly panels: Panel[] = [];
  linked = true;
  #syncing = false;
  #layoutDirty = true;
  /** The annotator moved a camera since the last clear(): automatic framing stops. */
  #userMoved = false;
  /** Something drawn changed since the last render (a frame, a camera, the layout, a panel). */
  #dirty = true;
  /** Renders so far; read by the viewer benchmark as the frame rate. */
  renders = 0;
  /** The clip is playing: draw at the quality's playback scale. */
  #moving = false;
  readonly #observer: ResizeObserver;

  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly quality: RenderQuality = chooseRenderQuality(location.search),
  ) {
    // No preserveDrawingBuffer: keeping the buffer costs a full-canvas copy per frame, and a frame
    // stays on screen until the next render anyway.
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: quality.antialias });
    this.renderer.setPixelRatio(this.#pixelRatio());
    this.renderer.shadowMap.enabled = quality.shadows;
    // PCFSoftShadowMap is deprecated in three r18x (it logs a warning and falls back to PCF).
    this.renderer.shadowMap.type = THREE.PCFShadowMap;
    this.renderer.setScissorTest(true);
    this.#observer = new ResizeObserver(() => {
      this.markLayout();
    });
    this.#observer.observe(document.body);
    window.addEventListener('resize', () => {
      this.markLayout();
    });
  }

  /** Adds a panel drawing `view` inside `element`, looking at the table from the front. */
  add(element: HTMLElement, view: SceneView, eye: [number, number, number] = [0, -0.55, 1.3]): Panel {
    const camera = new THREE.PerspectiveCamera(BASE_FOV, 1, 0.01, 10);
    camera.up.set(0, 0, 1);
    const controls = new OrbitControls(camera, element);
    const leader = this.linked ? this.panels[0] : undefined;
    if (leader) {
      camera.position.copy(leader.camera.position);
      controls.target.copy(leader.controls.target);
    } else {
      camera.position.set(...eye);
      controls.target.set(0, -0.02, 0);
    }
    controls.enableDamping = false;
    controls.update();
    const panel: Panel = { element, view, camera, controls, rect: { x: 0, y: 0, w: 1, h: 1 } };
    controls.addEventListener('change', () => {
      this.#dirty = true;
      this.#follow(panel);
    });
    controls.addEventListener('start', () => {
      this.#userMoved = true;
    });
    this.panels.push(panel);
    this.#observer.observe(element);
    this.markLayout();
    return panel;
  }

  /** Removes and disposes every panel (a new query builds its own). */
  clear(): void {
    for (const p of this.panels) {
      p.controls.dispose();
      p.view.dispose();
      this.#observer.unobserve(p.element);
    }
    this.panels.length = 0;
    this.#userMoved = false;
    this.#dirty = true;
  }

  /**
   * Points every camera at the xy box (metres) from the default direction, at the distance where
   * the box (with a margin) fills the panel's field of view. No-op once the annotator has moved a
   * camera, so a chosen view is never taken away.
   */
  frameOn(box: { minX: number; minY: number; maxX: number; maxY: number }): void {
    if (this.#userMoved) return;
    const half = MARGIN * Math.max(MIN_HALF, (box.maxX - box.minX) / 2, (box.maxY - box.minY) / 2);
    const dist = half / Math.tan(THREE.MathUtils.degToRad(BASE_FOV / 2));
    const cx = (box.minX + box.maxX) / 2,
      cy = (box.minY + box.maxY) / 2;
    this.#syncing = true;
    for (const p of this.panels) {
      p.controls.target.set(cx, cy, 0);
      p.camera.position.set(cx + VIEW_DIR.x * dist, cy + VIEW_DIR.y * dist, VIEW_DIR.z * dist);
      p.controls.update();
    }
    this.#syncing = false;
    this.#dirty = true;
  }

  setLinked(linked: boolean): void {
    this.linked = linked;
    if (linked && this.panels[0]) this.#follow(this.panels[0]);
  }

  /** Lays out panel rectangles (on resize only; reading the DOM allocates). */
  #layout(): void {
    this.#layoutDirty = false;
    const w = window.innerWidth,
      h = window.innerHeight;
    this.renderer.setSize(w, h, false);
    for (const p of this.panels) {
      const r = p.element.getBoundingClientRect();
      p.rect.x = r.left;
      p.rect.y = h - r.bottom;
      p.rect.w = Math.max(1, r.width);
      p.rect.h = Math.max(1, r.height);
      p.camera.aspect = p.rect.w / p.rect.h;
      // Narrow panels widen the vertical field of view so the whole table width stays in view.
      const half = Math.tan(THREE.MathUtils.degToRad(BASE_FOV / 2)) / Math.min(1, p.camera.aspect);
      p.camera.fov = THREE.MathUtils.radToDeg(2 * Math.atan(half));
      p.camera.updateProjectionMatrix();
    }
  }

  /**
   * Tells the stage whether the clip is playing: while it plays a software renderer draws fewer
   * pixels; when it stops, the still frame is drawn again at full resolution.
   */
  setMoving(moving: boolean): void {
    if (moving === this.#moving) return;
    this.#moving = moving;
    this.renderer.setPixelRatio(this.#pixelRatio());
    this.markLayout();
  }

  /** Canvas pixels per CSS pixel now (drawing-buffer size ÷ window size). */
  get pixelRatio(): number {
    return this.renderer.getPixelRatio();
  }

  #pixelRatio(): number {
    const full = Math.min(this.quality.maxPixelRatio, window.devicePixelRatio);
    return this.#moving ? full * this.quality.playbackScale : full;
  }

  markLayout(): void {
    this.#layoutDirty = true;
    this.#dirty = true;
  }

  /** Asks for a render on the next animation frame (a shown frame or an overlay changed). */
  invalidate(): void {
    this.#dirty = true;
  }

  /** Draws every panel if anything changed since the last render; true when it drew. */
  render(): boolean {
    if (!this.#dirty) return false;
    this.#dirty = false;
    this.renders++;
    if (this.#layoutDirty) this.#layout();
    const r = this.renderer;
    r.setScissor(0, 0, window.innerWidth, window.innerHeight);
    r.setClearColor(0xffffff, 0);
    r.clear();
    for (const p of this.panels) {
      const { x, y, w, h } = p.rect;
      r.setViewport(x, y, w, h);
      r.setScissor(x, y, w, h);
      r.render(p.view.scene, p.camera);
    }
    return true;
  }

  #follow(source: Panel): void {
    if (!this.linked || this.#syncing) return;
    this.#syncing = true;
    for (const p of this.panels) {
      if (p === source) continue;
      p.camera.position.copy(source.camera.position);
      p.camera.quaternion.copy(source.camera.quaternion);
      p.controls.target.copy(source.controls.target);
      p.controls.update();
    }
    this.#syncing = false;
  }
}
