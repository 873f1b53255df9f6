/**
 * How much the renderer may spend per frame. A software WebGL (SwiftShader, llvmpipe: no GPU)
 * draws 4× multisampling and soft shadow maps on the CPU at about one frame per second at
 * 1400×900, so there the viewer draws without them, and while a clip plays it draws at
 * `playbackScale` of the pixels per axis (the browser upscales the canvas); the still frame after
 * the clip stops is drawn at full resolution again. `?quality=high|low` overrides the guess.
 */
export interface RenderQuality {
  name: 'high' | 'low';
  antialias: boolean;
  shadows: boolean;
  maxPixelRatio: number;
  /** Fraction of the pixel ratio per axis used while the clip plays (1: full resolution). */
  playbackScale: number;
}

const HIGH: RenderQuality = { name: 'high', antialias: true, shadows: true, maxPixelRatio: 2, playbackScale: 1 };
const LOW: RenderQuality = { name: 'low', antialias: false, shadows: false, maxPixelRatio: 1, playbackScale: 0.5 };
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software/i;

/** The WebGL renderer's name, or '' when the browser hides it. */
function rendererName(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

export function chooseRenderQuality(search: string): RenderQuality {
  const asked = new URLSearchParams(search).get('quality');
  if (asked === 'high') return HIGH;
  if (asked === 'low') return LOW;
  return SOFTWARE.test(rendererName()) ? LOW : HIGH;
}
